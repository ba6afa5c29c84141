// Package globalsoff: without -guardedmap.globals, package-level maps are
// not checked (the same unlocked Names as guardedmap/globals).
package globalsoff

import "sync"

var (
	mu       sync.RWMutex
	registry = map[string]int{}
)

func Register(name string, v int) { mu.Lock(); registry[name] = v; mu.Unlock() }
func Unregister(name string)      { mu.Lock(); delete(registry, name); mu.Unlock() }
func Lookup(name string) int      { mu.RLock(); defer mu.RUnlock(); return registry[name] }

func Names() []string {
	var out []string
	for name := range registry {
		out = append(out, name)
	}
	return out
}
