package a

import (
	"sync"
	"time"
)

// Reported by default: a type that synchronises something (here a mutex
// for another field) is meant for concurrent use, so its exported methods
// may run while the goroutine Start began does.
type Watcher struct {
	mu    sync.Mutex
	count int
	seen  map[string]time.Time
	queue []string
}

func (w *Watcher) Start() {
	go func() {
		for range time.Tick(time.Second) {
			for _, p := range w.queue {
				w.seen[p] = time.Now() // want `map .w\.seen. is written here by the goroutine started at L\d+ while method \(\*a\.Watcher\)\.Forget, which other goroutines may call, writes it`
			}
			w.mu.Lock()
			w.count++
			w.mu.Unlock()
		}
	}()
}

func (w *Watcher) Forget(p string) { delete(w.seen, p) }

// Reported by default: the goroutine starts in the constructor, so the
// value is concurrent from its birth.
type Janitor struct{ items map[string]time.Time }

func NewJanitor() *Janitor {
	j := &Janitor{items: map[string]time.Time{}}
	go j.sweep()
	return j
}

func (j *Janitor) sweep() {
	for range time.Tick(time.Minute) {
		for k, t := range j.items {
			if time.Since(t) > time.Hour {
				delete(j.items, k) // want `map .j\.items. is written here by the goroutine started at L\d+ while method \(\*a\.Janitor\)\.Put, which other goroutines may call, writes it`
			}
		}
	}
}

func (j *Janitor) Put(k string) { j.items[k] = time.Now() }
