// Package closureneg: goroutine closures started by methods that touch a
// map field, correctly.
package closureneg

import (
	"container/heap"
	"sync"
	"sync/atomic"
)

type event struct{ id string }

// The closure takes the lock the methods take.
type Locked struct {
	mu     sync.Mutex
	events chan event
	peers  map[string]bool
}

func (s *Locked) Start() {
	go func() {
		for ev := range s.events {
			s.mu.Lock()
			s.peers[ev.id] = true
			s.mu.Unlock()
		}
	}()
}

func (s *Locked) Has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peers[id]
}

// The same with an RWMutex: readers under RLock, the writer under Lock.
type RW struct {
	mu    sync.RWMutex
	in    chan string
	count map[string]int
}

func (s *RW) Start() {
	go func() {
		for k := range s.in {
			s.mu.Lock()
			s.count[k]++
			s.mu.Unlock()
		}
	}()
}

func (s *RW) Count(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count[k]
}

// The closure is the only accessor: the map is the loop's private state;
// the exported method asks for a value over a channel.
type Owner struct {
	reqs  chan chan int
	in    chan string
	state map[string]int
}

func (o *Owner) Start() {
	go func() {
		for {
			select {
			case k := <-o.in:
				o.state[k]++
			case reply := <-o.reqs:
				reply <- len(o.state)
			}
		}
	}()
}

func (o *Owner) Size() int {
	reply := make(chan int)
	o.reqs <- reply
	return <-reply
}

// The exported method touches the map only after waiting for the
// goroutine.
type Batch struct {
	wg    sync.WaitGroup
	quit  chan struct{}
	in    chan string
	seen  map[string]bool
	count atomic.Int64
}

func (b *Batch) Start() {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for {
			select {
			case k := <-b.in:
				b.seen[k] = true
				b.count.Add(1)
			case <-b.quit:
				return
			}
		}
	}()
}

func (b *Batch) Stop() []string {
	close(b.quit)
	b.wg.Wait()
	var out []string
	for k := range b.seen {
		out = append(out, k)
	}
	clear(b.seen)
	return out
}

// The exported method is documented to run before the goroutine starts.
type Router struct {
	in     chan string
	routes map[string]int
}

// AddRoute registers a route. It must be called before Serve.
func (r *Router) AddRoute(path string, n int) { r.routes[path] = n }

func (r *Router) Serve() {
	go func() {
		for p := range r.in {
			r.routes[p]++
		}
	}()
}

// The closure writes a field of a fresh local object (never shared), or of
// an object it makes itself, while exported methods of that type exist.
type state struct {
	seen map[string]bool
}

func (s *state) Seen(k string) bool { return s.seen[k] }

func Dedup(items []string) int {
	st := &state{seen: map[string]bool{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, it := range items {
			st.seen[it] = true
		}
	}()
	<-done
	return len(st.seen)
}

func Fresh(ch chan string) {
	go func() {
		st := &state{seen: map[string]bool{}}
		for k := range ch {
			st.seen[k] = true
		}
	}()
}

// The closure only reads; the exported methods only read.
type Config struct {
	vals map[string]string
}

func (c *Config) Watch(ch chan string, out chan string) {
	go func() {
		for k := range ch {
			out <- c.vals[k]
		}
	}()
}

func (c *Config) Get(k string) string { return c.vals[k] }

// A sync.Map field, not a map.
type Sessions struct {
	in chan string
	m  sync.Map
}

func (s *Sessions) Start() {
	go func() {
		for k := range s.in {
			s.m.Store(k, true)
		}
	}()
}

func (s *Sessions) Has(k string) bool {
	_, ok := s.m.Load(k)
	return ok
}

// The captured variable is reassigned to another object before the
// goroutine starts: it no longer denotes the receiver.
type Node struct {
	in       chan string
	children map[string]*Node
}

func (n *Node) Grow() {
	n = &Node{children: map[string]*Node{}}
	go func() {
		for k := range n.in {
			n.children[k] = nil
		}
	}()
}

func (n *Node) Child(k string) *Node { return n.children[k] }

// A fresh object the starting function keeps to itself: nobody can call
// its methods while the goroutine runs (with a closure, and with a method
// goroutine).
type counter struct {
	in chan string
	n  map[string]int
}

func (c *counter) loop(done chan struct{}) {
	for k := range c.in {
		c.n[k]++
	}
	close(done)
}

func (c *counter) Total() int { return len(c.n) }

func (c *counter) Get(k string) int { return c.n[k] }

func CountLocal(words []string) int {
	c := &counter{in: make(chan string), n: map[string]int{}}
	done := make(chan struct{})
	go c.loop(done)
	for _, w := range words {
		c.in <- w
	}
	close(c.in)
	<-done
	return c.n["x"]
}

func CountClosure(words []string) int {
	c := &counter{in: make(chan string), n: map[string]int{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for k := range c.in {
			c.n[k]++
		}
	}()
	for _, w := range words {
		c.in <- w
	}
	close(c.in)
	<-done
	return c.n["x"]
}

// An unexported heap type whose exported methods only container/heap calls,
// on the store's behalf and under the store's lock, like the goroutine that
// expires entries.
type entry struct {
	key   string
	when  int64
	index int
}

type expiry struct {
	items []*entry
	byKey map[string]*entry
}

func (q *expiry) Len() int           { return len(q.items) }
func (q *expiry) Less(i, j int) bool { return q.items[i].when < q.items[j].when }
func (q *expiry) Swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.items[i].index, q.items[j].index = i, j
}

func (q *expiry) Push(x any) {
	e := x.(*entry)
	e.index = len(q.items)
	q.items = append(q.items, e)
	q.byKey[e.key] = e
}

func (q *expiry) Pop() any {
	e := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	delete(q.byKey, e.key)
	return e
}

type Store struct {
	sync.Mutex
	exp  *expiry
	quit chan struct{}
}

func (s *Store) Add(key string, when int64) {
	s.Lock()
	defer s.Unlock()
	heap.Push(s.exp, &entry{key: key, when: when})
}

func (s *Store) StartExpiring(now func() int64) {
	s.Lock()
	defer s.Unlock()
	q := &expiry{byKey: map[string]*entry{}}
	s.exp = q
	go func() {
		for {
			s.Lock()
			if q.Len() > 0 && q.items[0].when <= now() {
				e := heap.Pop(q).(*entry)
				delete(q.byKey, e.key)
			}
			s.Unlock()
			select {
			case <-s.quit:
				return
			default:
			}
		}
	}()
}
