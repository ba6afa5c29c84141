package a

import (
	"maps"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// A captured local written by goroutines spawned in a loop: distinct keys
// still race.
func loopCapture(items []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		go func() { // goroutine start
			defer wg.Done()
			counts[it] = i // want "map `counts` is written here by goroutines started in a loop at L19 \\(one per iteration\\) with no lock held"
		}()
	}
	wg.Wait()
	return counts
}

// m[k]++ and delete count as writes.
func loopIncDelete(keys []string) {
	seen := map[string]int{}
	done := make(chan bool)
	for _, k := range keys {
		go func() {
			seen[k]++ // want "map `seen` is written here by goroutines started in a loop"
			done <- true
		}()
	}
	for range keys {
		<-done
	}
	for _, k := range keys {
		go func() {
			delete(seen, k) // want "map `seen` is written here by goroutines started in a loop"
		}()
	}
}

// A package map written from goroutines started in a loop.
var cache = map[int]string{}

func fill(n int) {
	for i := 0; i < n; i++ {
		go func() {
			cache[i] = "x" // want "map `cache` is written here by goroutines started in a loop"
		}()
	}
}

// A package map written by an HTTP handler: one goroutine per request.
var hits = map[string]int{}

func register() {
	http.HandleFunc("/hit", func(w http.ResponseWriter, r *http.Request) {
		hits[r.URL.Path]++ // want "map `hits` is written here by an HTTP handler, which runs on one goroutine per request, with no lock held"
	})
}

// A ServeHTTP method writing its receiver's map.
type counter struct {
	byPath map[string]int
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.byPath[r.URL.Path]++ // want "map `c.byPath` is written here by an HTTP handler"
}

// A method started with go s.run() writes a field that exported methods
// read.
type Tracker struct {
	mu     sync.Mutex
	events chan string
	seen   map[string]time.Time
}

func (t *Tracker) Start() {
	go t.run()
}

func (t *Tracker) run() {
	for e := range t.events {
		t.seen[e] = time.Now() // want "map `t.seen` is written here by the goroutine started at L86 while method \\(\\*a.Tracker\\).Seen, which other goroutines may call, reads it with no lock held"
	}
}

func (t *Tracker) Seen(e string) bool {
	_, ok := t.seen[e]
	return ok
}

// A goroutine ranging over a map the parent keeps writing.
func rangeWhileWriting(m map[string]int) {
	go func() {
		for k, v := range m { // iteration
			_, _ = k, v
		}
	}()
	m["late"] = 1 // want "map `m` is written here while the goroutine started at L102 iterates it at L103 with no lock held"
}

// The goroutine writes; the parent reads before waiting.
func readBeforeWait() int {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[1] = 1 // want "map `m` is written here by the goroutine started at L115 while the starting function reads it at L119 with no lock held"
	}()
	n := m[1]
	wg.Wait()
	return n
}

// sync.WaitGroup.Go and errgroup closures in loops.
func wgGo(urls []string) map[string]int {
	sizes := map[string]int{}
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			sizes[u] = len(u) // want "map `sizes` is written here by goroutines started in a loop at L129 \\(one per iteration\\) with no lock held"
		})
	}
	wg.Wait()
	return sizes
}

func errgroupGo(urls []string) (map[string]int, error) {
	sizes := map[string]int{}
	var g errgroup.Group
	for _, u := range urls {
		g.Go(func() error {
			sizes[u] = len(u) // want "map `sizes` is written here by goroutines started in a loop at L141"
			return nil
		})
	}
	return sizes, g.Wait()
}

func errgroupTryGo(urls []string) map[string]bool {
	ok := map[string]bool{}
	g, _ := errgroup.WithContext(nil)
	for _, u := range urls {
		g.TryGo(func() error {
			maps.Copy(ok, map[string]bool{u: true}) // want "map `ok` is written here by goroutines started in a loop"
			return nil
		})
	}
	g.Wait()
	return ok
}

// Two goroutines started together, one writing, one reading.
func twoWorkers(m map[string]int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		m["a"] = 1 // want "map `m` is written here by the goroutine started at L166 while the goroutine started at L170 reads it at L172"
	}()
	go func() {
		defer wg.Done()
		_ = m["b"]
	}()
	wg.Wait()
}

// time.AfterFunc runs its function on its own goroutine.
func afterFunc(m map[string]int) {
	time.AfterFunc(time.Second, func() {
		clear(m) // want "map `m` is written here by the goroutine started at L179 while the starting function reads it"
	})
	_ = m["x"]
}

// RLock does not exclude other readers: a write under RLock races.
type RCache struct {
	mu sync.RWMutex
	m  map[string]int
}

func (c *RCache) fillAll(keys []string) {
	for _, k := range keys {
		go func() {
			c.mu.RLock()
			c.m[k] = 1 // want "map `c.m` is written here by goroutines started in a loop"
			c.mu.RUnlock()
		}()
	}
}

// A bound method value started as a goroutine.
type Agg struct {
	totals map[string]int
}

func (a *Agg) add() { a.totals["n"]++ }

func (a *Agg) runAll(n int) {
	f := a.add
	for i := 0; i < n; i++ {
		go f() // want "map `a.totals` is written here \\(calls \\(\\*a.Agg\\).add, which writes a.totals at line 206\\) by goroutines started in a loop"
	}
}

// The creator holds a lock while it starts goroutines: the goroutines do
// not hold it.
func startUnderLock(keys []string) map[string]int {
	var mu sync.Mutex
	m := map[string]int{}
	var wg sync.WaitGroup
	mu.Lock()
	for _, k := range keys {
		wg.Go(func() {
			m[k] = 1 // want "map `m` is written here by goroutines started in a loop"
		})
	}
	mu.Unlock()
	wg.Wait()
	return m
}

// A select with a default case does not wait.
func selectDefault(m map[string]int) {
	done := make(chan struct{})
	go func() {
		m["a"] = 1 // want "map `m` is written here by the goroutine started at L235 while the starting function writes it"
		close(done)
	}()
	select {
	case <-done:
	default:
	}
	m["b"] = 2
}

// A helper of the package that runs its argument on a new goroutine.
type group struct{ wg sync.WaitGroup }

func (g *group) goFunc(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		f()
	}()
}

func spawnHelper(g *group, m map[string]int, keys []string) {
	for _, k := range keys {
		g.goFunc(func() {
			m[k] = 1 // want "map `m` is written here by goroutines started in a loop"
		})
	}
}

// A package map written by a background goroutine and read by an exported
// function.
var registry = map[string]int{}

func StartSync(ch <-chan string) { go syncLoop(ch) }

func syncLoop(ch <-chan string) {
	for k := range ch {
		registry[k]++ // want "map `registry` is written here by the goroutine started at L269 while function a.Lookup, which other goroutines may call, reads it with no lock held"
	}
}

func Lookup(k string) int { return registry[k] }
