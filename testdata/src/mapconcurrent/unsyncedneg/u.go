// Package unsyncedneg: types (and a package) with no synchronisation at
// all, whose goroutine an exported method (function) starts. By design one
// goroutine uses them at a time: the other exported methods are the setup
// steps run before the start (a config reader read once, then watched).
// Silent by default; -mapconcurrent.unsynced compares them.
package unsyncedneg

import "time"

type Reader struct {
	path     string
	modTimes map[string]time.Time
	pending  []string
}

func NewReader(path string) *Reader {
	return &Reader{path: path, modTimes: map[string]time.Time{}}
}

// Read is the setup step: the application calls it before Watch.
func (r *Reader) Read() error {
	r.modTimes[r.path] = time.Now()
	return nil
}

// Watch hands the reader to its watcher goroutine.
func (r *Reader) Watch(every time.Duration) {
	go func() {
		for range time.Tick(every) {
			for _, p := range r.pending {
				delete(r.modTimes, p)
				r.modTimes[p] = time.Now()
			}
		}
	}()
}

// A package map: an interactive mode's refresh goroutine and a one-shot
// snapshot mode, both exported, never run in the same process run.
var resolved = map[string]string{}

func Interactive(hosts []string) {
	go func() {
		for {
			for _, h := range hosts {
				resolved[h] = h + ".local"
			}
			time.Sleep(time.Second)
		}
	}()
}

func Snapshot(h string) string { return resolved[h] }
