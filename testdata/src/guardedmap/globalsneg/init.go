// Package globalsneg is correct code using package-level maps and mutexes:
// -guardedmap.globals stays silent.
package globalsneg

import "sync"

// codecs is filled by init (and the helper only init calls) and read-only
// afterwards: unlocked reads are fine even though a mutex sits next to it.
var (
	codecMu sync.Mutex
	codecs  = map[string]int{}
	stats   = map[string]int{}
)

func init() {
	codecs["json"] = 1
	registerDefaults()
	func() { codecs["gob"] = 4 }()
}

func registerDefaults() {
	codecs["xml"] = 2
	codecs["yaml"] = 3
}

func Codec(name string) int { return codecs[name] }

func Codecs() []string {
	var out []string
	for k := range codecs {
		out = append(out, k)
	}
	return out
}

// stats is guarded by codecMu (three locked writers); init's unlocked
// writes happen before any goroutine of the package exists.
func init() {
	stats["boot"] = 1
	delete(stats, "none")
}

func Count(k string) {
	codecMu.Lock()
	stats[k]++
	codecMu.Unlock()
}

func Uncount(k string) {
	codecMu.Lock()
	delete(stats, k)
	codecMu.Unlock()
}

func Stat(k string) int {
	codecMu.Lock()
	defer codecMu.Unlock()
	return stats[k]
}
