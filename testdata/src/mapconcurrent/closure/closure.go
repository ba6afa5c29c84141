// Package closure: goroutine closures started by a method (or a function)
// that write a map field of the receiver (or a parameter) while the type's
// exported methods may run on other goroutines.
package closure

import (
	"sync"
	"time"
)

type event struct {
	id   string
	addr string
}

type peer struct{ addr string }

// The event loop of a membership server: Start runs a closure that applies
// events to s.peers without the lock Peer takes.
type Server struct {
	mu     sync.Mutex
	events chan event
	peers  map[string]*peer
}

func (s *Server) Start() {
	go func() {
		for ev := range s.events {
			s.peers[ev.id] = &peer{addr: ev.addr} // want "map `s.peers` is written here by the goroutine started at L27 while method \\(\\*closure.Server\\).Peer, which other goroutines may call, reads it with no lock held by both"
		}
	}()
}

func (s *Server) Peer(id string) *peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peers[id]
}

// The same with no lock anywhere, a delete, and a method that iterates.
type Registry struct {
	quit  chan struct{}
	items map[string]time.Time
}

func (r *Registry) Run(ttl time.Duration) {
	go func() {
		t := time.NewTicker(ttl)
		defer t.Stop()
		for {
			select {
			case now := <-t.C:
				for k, at := range r.items {
					if now.Sub(at) > ttl {
						delete(r.items, k) // want "map `r.items` is written here by the goroutine started at L47 while method \\(\\*closure.Registry\\).Names, which other goroutines may call, iterates it with no lock held"
					}
				}
			case <-r.quit:
				return
			}
		}
	}()
}

func (r *Registry) Names() []string {
	var out []string
	for k := range r.items {
		out = append(out, k)
	}
	return out
}

// A timer callback that deletes a pending entry, started by the method
// that adds it: Pending reads the map on other goroutines.
type Tracker struct {
	mu      sync.Mutex
	pending map[uint64]string
}

func (t *Tracker) Track(id uint64, what string, d time.Duration) {
	t.mu.Lock()
	t.pending[id] = what
	t.mu.Unlock()
	time.AfterFunc(d, func() {
		delete(t.pending, id) // want "map `t.pending` is written here by the goroutine started at L84 while method \\(\\*closure.Tracker\\).Pending, which other goroutines may call, reads it with no lock held by both"
	})
}

func (t *Tracker) Pending(id uint64) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	what, ok := t.pending[id]
	return what, ok
}

// A WaitGroup.Go closure writing through an unexported helper; the
// exported method writes too.
type Cache struct {
	wg   sync.WaitGroup
	data map[string][]byte
}

func (c *Cache) put(k string, v []byte) { c.data[k] = v }

func (c *Cache) Warm(load func() (string, []byte)) {
	c.wg.Go(func() {
		k, v := load()
		c.put(k, v) // want "map `c.data` is written here \\(calls \\(\\*closure.Cache\\).put, which writes c.data at line 103\\) by the goroutine started at L106 while method \\(\\*closure.Cache\\).Set, which other goroutines may call, writes it with no lock held"
	})
}

func (c *Cache) Set(k string, v []byte) { c.data[k] = v }

// A closure nested in another closure (sync.Once) still reaches the
// receiver.
type Hub struct {
	once    sync.Once
	in      chan string
	clients map[string]int
}

func (h *Hub) Serve() {
	h.once.Do(func() {
		go func() {
			for name := range h.in {
				h.clients[name]++ // want "map `h.clients` is written here by the goroutine started at L124 while method \\(\\*closure.Hub\\).Count, which other goroutines may call, reads it with no lock held"
			}
		}()
	})
}

func (h *Hub) Count(name string) int { return h.clients[name] }

// A function (not a method) whose parameter's field is written by the
// closure it starts.
func Watch(s *Server, ch <-chan event) {
	go func() {
		for ev := range ch {
			s.peers[ev.id] = nil // want "map `s.peers` is written here by the goroutine started at L137 while method \\(\\*closure.Server\\).Peer, which other goroutines may call, reads it with no lock held by both"
		}
	}()
}

// A package-level map written by a closure started in an exported function
// and read by another exported function.
var registry = map[string]int{}

func Listen(ch chan string) {
	go func() {
		for k := range ch {
			registry[k]++ // want "map `registry` is written here by the goroutine started at L149 while function closure.Lookup, which other goroutines may call, reads it with no lock held"
		}
	}()
}

func Lookup(k string) int { return registry[k] }

// Waiting on one path only does not order the method's iteration.
type Batch struct {
	wg   sync.WaitGroup
	in   chan string
	seen map[string]bool
}

func (b *Batch) Start() {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for k := range b.in {
			b.seen[k] = true // want "map `b.seen` is written here by the goroutine started at L167 while method \\(\\*closure.Batch\\).Snapshot, which other goroutines may call, iterates it with no lock held"
		}
	}()
}

func (b *Batch) Snapshot(wait bool) []string {
	if wait {
		b.wg.Wait()
	}
	var out []string
	for k := range b.seen {
		out = append(out, k)
	}
	return out
}

// A constructor starts the loop on the object it returns: the caller then
// calls Lookup while the loop writes.
type Index struct {
	in    chan string
	words map[string]int
}

func NewIndex() *Index {
	ix := &Index{in: make(chan string), words: map[string]int{}}
	go func() {
		for w := range ix.in {
			ix.words[w]++ // want "map `ix.words` is written here by the goroutine started at L195 while method \\(\\*closure.Index\\).Lookup, which other goroutines may call, reads it with no lock held"
		}
	}()
	return ix
}

func (ix *Index) Lookup(w string) int { return ix.words[w] }

// The same with a method goroutine, the object kept in a package variable.
var defaultIndex *Index

func (ix *Index) loop() {
	for w := range ix.in {
		ix.words[w] = len(w) // want "map `ix.words` is written here by the goroutine started at L216 while method \\(\\*closure.Index\\).Lookup, which other goroutines may call, reads it with no lock held"
	}
}

func InitDefault() {
	ix := &Index{in: make(chan string), words: map[string]int{}}
	go ix.loop()
	defaultIndex = ix
}
