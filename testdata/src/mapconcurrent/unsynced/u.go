// Package unsynced: the unsyncedneg shapes, reported with
// -mapconcurrent.unsynced.
package unsynced

import "time"

type Reader struct {
	path     string
	modTimes map[string]time.Time
	pending  []string
}

func NewReader(path string) *Reader {
	return &Reader{path: path, modTimes: map[string]time.Time{}}
}

func (r *Reader) Read() error {
	r.modTimes[r.path] = time.Now()
	return nil
}

func (r *Reader) Watch(every time.Duration) {
	go func() {
		for range time.Tick(every) {
			for _, p := range r.pending {
				delete(r.modTimes, p)      // want `map .r\.modTimes. is written here by the goroutine started at L\d+ while method \(\*unsynced\.Reader\)\.Read, which other goroutines may call, writes it`
				r.modTimes[p] = time.Now() // want `map .r\.modTimes. is written here by the goroutine started at L\d+ while method \(\*unsynced\.Reader\)\.Read`
			}
		}
	}()
}

var resolved = map[string]string{}

func Interactive(hosts []string) {
	go func() {
		for {
			for _, h := range hosts {
				resolved[h] = h + ".local" // want `map .resolved. is written here by the goroutine started at L\d+ while function unsynced\.Snapshot`
			}
			time.Sleep(time.Second)
		}
	}()
}

func Snapshot(h string) string { return resolved[h] }
