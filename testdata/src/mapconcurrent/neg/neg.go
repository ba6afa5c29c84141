// Package neg holds correct concurrent code: mapconcurrent must stay silent.
package neg

import (
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
	"mapconcurrent/helper"
)

// A map confined to one goroutine.
func confined(n int) {
	go func() {
		m := map[int]int{}
		for i := 0; i < n; i++ {
			m[i] = i
		}
	}()
}

// Each goroutine gets its own map (made inside the loop).
func perIteration(n int) {
	for i := 0; i < n; i++ {
		m := map[int]int{}
		go func() {
			m[i] = i
		}()
	}
}

// Written only before the goroutines start; they only read.
func writeThenRead(keys []string) {
	m := map[string]int{}
	for i, k := range keys {
		m[k] = i
	}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m[k]
		}()
	}
	wg.Wait()
}

// All writes under one mutex.
func locked(keys []string) map[string]int {
	var mu sync.Mutex
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			m[k]++
		}()
	}
	wg.Wait()
	mu.Lock()
	m["done"] = 1
	mu.Unlock()
	return m
}

// A single worker; the parent reads after Wait.
func singleWorker() int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["a"] = 1
	}()
	wg.Wait()
	return m["a"]
}

// errgroup: the parent reads after g.Wait.
func errgroupWait() map[string]int {
	m := map[string]int{}
	var g errgroup.Group
	g.Go(func() error {
		m["x"] = 1
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil
	}
	m["y"] = 2
	return m
}

// Results sent on a channel and written by the receiver.
func viaChannel(keys []string) map[string]int {
	type kv struct {
		k string
		v int
	}
	ch := make(chan kv)
	for _, k := range keys {
		go func() { ch <- kv{k, len(k)} }()
	}
	m := map[string]int{}
	for range keys {
		r := <-ch
		m[r.k] = r.v
	}
	return m
}

// The parent waits on a done channel the goroutine closes.
func doneChannel() map[int]bool {
	m := map[int]bool{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m[1] = true
	}()
	<-done
	m[2] = true
	return m
}

// A package map filled in init and read-only afterwards.
var table = map[string]int{}

func init() {
	table["a"] = 1
	table["b"] = 2
}

func serveTable() {
	http.HandleFunc("/t", func(w http.ResponseWriter, r *http.Request) {
		_ = table[r.URL.Path]
	})
	for i := 0; i < 3; i++ {
		go func() { _ = table["a"] }()
	}
}

// sync.Map is safe for concurrent use.
func syncMap(keys []string) {
	var m sync.Map
	for _, k := range keys {
		go m.Store(k, 1)
	}
}

// sync.Once.Do initialises the map once.
type lazy struct {
	once sync.Once
	m    map[string]int
}

func (l *lazy) get(k string) int {
	l.once.Do(func() {
		l.m = map[string]int{"a": 1}
		l.m["b"] = 2
	})
	return l.m[k]
}

func useLazy(l *lazy, keys []string) {
	for _, k := range keys {
		go l.get(k)
	}
}

// Sequential goroutines: each iteration waits for its goroutine.
func sequential(keys []string) map[string]int {
	m := map[string]int{}
	for _, k := range keys {
		done := make(chan bool)
		go func() {
			m[k] = 1
			done <- true
		}()
		<-done
	}
	return m
}

// A type whose background goroutine and methods share one mutex.
type Registry struct {
	mu    sync.Mutex
	items map[string]int
	in    chan string
}

func (r *Registry) Start() { go r.loop() }

func (r *Registry) loop() {
	for k := range r.in {
		r.mu.Lock()
		r.items[k]++
		r.mu.Unlock()
	}
}

func (r *Registry) Get(k string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.items[k]
}

// An HTTP handler that writes a map under a lock, and a ServeHTTP method
// that only reads its receiver's map.
type stats struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *stats) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.n[r.URL.Path]++
	s.mu.Unlock()
}

func (s *stats) register(mux *http.ServeMux) { mux.HandleFunc("/s", s.handle) }

type static struct{ pages map[string]string }

func (s static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(s.pages[r.URL.Path]))
}

// Handler-local maps are per request.
func perRequest() {
	http.HandleFunc("/q", func(w http.ResponseWriter, r *http.Request) {
		q := map[string]string{}
		for k, v := range r.URL.Query() {
			q[k] = v[0]
		}
		r.Header["X"] = nil
	})
}

// A helper from another package that locks internally.
func helperLocked(s *helper.Store, keys []string) {
	for _, k := range keys {
		go s.Put(k, 1)
	}
}

// A helper that only reads, from many goroutines.
func helperReads(m map[string]int, keys []string) {
	for _, k := range keys {
		go helper.Lookup(m, k)
	}
}

// Goroutines started in a loop over distinct workers, each with its own map.
type worker struct{ seen map[int]bool }

func (w *worker) run(n int) { w.seen[n] = true }

func workers(ws []*worker) {
	for i, w := range ws {
		go w.run(i)
	}
}

// Locks taken through helpers and TryLock (lockset engine).
type guarded struct {
	mu sync.Mutex
	m  map[string]int
}

func (g *guarded) lock()   { g.mu.Lock() }
func (g *guarded) unlock() { g.mu.Unlock() }

func (g *guarded) bumpAll(keys []string) {
	for _, k := range keys {
		go func() {
			g.lock()
			g.m[k]++
			g.unlock()
		}()
		go func() {
			if g.mu.TryLock() {
				delete(g.m, k)
				g.mu.Unlock()
			}
		}()
	}
}

// A ...Locked helper called with the lock held.
func (g *guarded) putLocked(k string) { g.m[k] = 1 }

func (g *guarded) putAll(keys []string) {
	for _, k := range keys {
		go func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.putLocked(k)
		}()
	}
}

// A select with a receive orders the parent's later write.
func selectJoin(m map[string]int, timeout <-chan struct{}) {
	done := make(chan struct{})
	go func() {
		m["a"] = 1
		close(done)
	}()
	select {
	case <-done:
	case <-timeout:
		return
	}
	m["b"] = 2
}

// A helper that starts its argument on a goroutine but waits for it (a
// timeout wrapper) is not a goroutine start for its callers.
func withTimeout(f func(), d <-chan struct{}) {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	select {
	case <-done:
	case <-d:
	}
}

func useTimeout(m map[string]int, d <-chan struct{}) {
	for _, k := range []string{"a", "b"} {
		withTimeout(func() { m[k] = 1 }, d)
	}
	m["c"] = 2
}
