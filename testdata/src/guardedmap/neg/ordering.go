package neg

import (
	"context"
	"io"
	"strconv"
	"sync"
)

// Shapes from a fresh-module triage (watermill, centrifuge, miniredis,
// go-libp2p-pubsub, paho.golang, badger, franz-go...): correct code the
// check once reported.

// The map travels with its mutex: the loop locks around every use
// (centrifuge's Redis PUB/SUB wrapper).
type subWrapper struct {
	mu         sync.Mutex
	subscribed map[string]struct{} // Guarded by mu.
}

func (w *subWrapper) Add(ch string)    { w.mu.Lock(); w.subscribed[ch] = struct{}{}; w.mu.Unlock() }
func (w *subWrapper) Remove(ch string) { w.mu.Lock(); delete(w.subscribed, ch); w.mu.Unlock() }
func (w *subWrapper) Has(ch string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.subscribed[ch]
	return ok
}

func (w *subWrapper) Run(stop <-chan struct{}) {
	go resubscribeLoop(&w.mu, w.subscribed, stop)
}

func resubscribeLoop(mu *sync.Mutex, subscribed map[string]struct{}, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		mu.Lock()
		for ch := range subscribed {
			_ = ch
		}
		mu.Unlock()
	}
}

// "The caller is responsible for locking s.mu" states the requirement
// (paho.golang's session state tidy).
type sessState struct {
	mu      sync.Mutex
	pending map[uint16]byte
}

func (s *sessState) Add(id uint16, t byte) { s.mu.Lock(); s.pending[id] = t; s.mu.Unlock() }
func (s *sessState) Ack(id uint16)         { s.mu.Lock(); delete(s.pending, id); s.mu.Unlock() }
func (s *sessState) Has(id uint16) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.pending[id]
	return ok
}

// tidy drops acknowledged entries; caller is responsible for locking s.mu.
func (s *sessState) tidy() {
	for id, t := range s.pending {
		if t == 0 {
			delete(s.pending, id)
		}
	}
}

// Two locks: writers hold prio.RLock and mu.Lock (mu serialises them), the
// consumer swaps the map under prio.Lock (go-libp2p-pubsub's notifier).
type prioNotifier struct {
	prio    sync.RWMutex
	mu      sync.Mutex
	pending map[string]struct{}
}

func (n *prioNotifier) Notify(p string) {
	n.prio.RLock()
	n.mu.Lock()
	n.pending[p] = struct{}{}
	n.mu.Unlock()
	n.prio.RUnlock()
}

func (n *prioNotifier) NotifyAll(ps []string) {
	n.prio.RLock()
	n.mu.Lock()
	for _, p := range ps {
		n.pending[p] = struct{}{}
	}
	n.mu.Unlock()
	n.prio.RUnlock()
}

func (n *prioNotifier) Drain() map[string]struct{} {
	n.prio.Lock()
	defer n.prio.Unlock()
	if len(n.pending) == 0 {
		return nil
	}
	out := n.pending
	n.pending = map[string]struct{}{}
	return out
}

// A value built inside a closure run by an event loop before the
// constructor returns it (go-libp2p-pubsub's topic handler).
type evHandler struct {
	mu  sync.Mutex
	log map[string]int
}

func (h *evHandler) add(p string, v int) { h.mu.Lock(); h.log[p] = v; h.mu.Unlock() }
func (h *evHandler) take(p string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := h.log[p]
	delete(h.log, p)
	return v
}
func (h *evHandler) Len() int { h.mu.Lock(); defer h.mu.Unlock(); return len(h.log) }

type evTopic struct {
	eval  chan func()
	peers []string
}

func (t *evTopic) Handler() *evHandler {
	h := &evHandler{log: map[string]int{}}
	done := make(chan struct{})
	t.eval <- func() {
		for _, p := range t.peers {
			h.log[p] = 1
		}
		close(done)
	}
	<-done
	return h
}

// An exported function the package calls only on the value it just built
// (badger's WriteKeyRegistry from OpenKeyRegistry).
type KeyRegistry struct {
	sync.RWMutex
	keys   map[uint64]string
	nextID uint64
}

func OpenKeyRegistry(w io.Writer) (*KeyRegistry, error) {
	r := &KeyRegistry{keys: map[uint64]string{}}
	if err := WriteKeyRegistry(r, w); err != nil {
		return nil, err
	}
	return r, nil
}

func WriteKeyRegistry(r *KeyRegistry, w io.Writer) error {
	for id, k := range r.keys {
		if _, err := io.WriteString(w, strconv.FormatUint(id, 10)+"="+k+"\n"); err != nil {
			return err
		}
	}
	return nil
}

func (r *KeyRegistry) Key(id uint64) string { r.RLock(); defer r.RUnlock(); return r.keys[id] }
func (r *KeyRegistry) Latest() string       { r.RLock(); defer r.RUnlock(); return r.keys[r.nextID] }
func (r *KeyRegistry) Rotate(k string) {
	r.Lock()
	defer r.Unlock()
	r.nextID++
	r.keys[r.nextID] = k
}

// Close reads after waiting for the only goroutine that writes: a receive
// on its done channel (franz-go's client) ...
type metaClient struct {
	mu       sync.Mutex
	nodes    map[int32]bool
	cancel   context.CancelFunc
	ctx      context.Context
	metadone chan struct{}
	updates  chan int32
}

func (c *metaClient) loop() {
	defer close(c.metadone)
	for {
		select {
		case <-c.ctx.Done():
			return
		case id := <-c.updates:
			c.mu.Lock()
			c.nodes[id] = true
			c.mu.Unlock()
		}
	}
}

func (c *metaClient) Forget(id int32) { c.mu.Lock(); delete(c.nodes, id); c.mu.Unlock() }
func (c *metaClient) Has(id int32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nodes[id]
}

func (c *metaClient) Close() int {
	c.cancel()
	<-c.metadone
	n := 0
	for range c.nodes {
		n++
	}
	return n
}

// ... or in the caller, before it calls an internal Close (badger's
// valueLog.Close after db.close's closer.SignalAndWait).
type closer struct{ wg sync.WaitGroup }

func (c *closer) SignalAndWait() { c.wg.Wait() }

type vlog struct {
	filesLock sync.RWMutex
	files     map[uint32]string
}

func (l *vlog) create(id uint32) { l.filesLock.Lock(); l.files[id] = "f"; l.filesLock.Unlock() }
func (l *vlog) drop(id uint32)   { l.filesLock.Lock(); delete(l.files, id); l.filesLock.Unlock() }
func (l *vlog) get(id uint32) string {
	l.filesLock.RLock()
	defer l.filesLock.RUnlock()
	return l.files[id]
}

func (l *vlog) Close() int {
	n := 0
	for range l.files {
		n++
	}
	return n
}

type DB struct {
	gc  closer
	log *vlog
}

func (db *DB) Close() int {
	db.gc.SignalAndWait()
	return db.log.Close()
}

// A value taken from a sync.Pool belongs to the caller that got it: the
// constructor fills it before returning it (go-datastructures' set.New).
type pooledSet struct {
	mu    sync.Mutex
	items map[string]struct{}
}

var setPool = sync.Pool{New: func() any { return &pooledSet{items: map[string]struct{}{}} }}

func NewPooledSet(items ...string) *pooledSet {
	s := setPool.Get().(*pooledSet)
	for _, it := range items {
		s.items[it] = struct{}{}
	}
	return s
}

func (s *pooledSet) Add(it string) { s.mu.Lock(); s.items[it] = struct{}{}; s.mu.Unlock() }
func (s *pooledSet) Del(it string) { s.mu.Lock(); delete(s.items, it); s.mu.Unlock() }
func (s *pooledSet) Has(it string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.items[it]
	return ok
}

func (s *pooledSet) Dispose() {
	s.mu.Lock()
	clear(s.items)
	s.mu.Unlock()
	setPool.Put(s)
}
