// Package a pins guards' decisions: every struct map field reports the
// guard the default policy infers (or "no guard"), and accesses outside
// the normal context report their context.
package a

import "sync"

// Inferred: every method locks mu.
type Inferred struct {
	mu    sync.Mutex
	items map[string]int // want `items: guard mu \(inferred\) 3/3`
}

func (c *Inferred) Set(k string, v int) { c.mu.Lock(); c.items[k] = v; c.mu.Unlock() }
func (c *Inferred) Del(k string)        { c.mu.Lock(); delete(c.items, k); c.mu.Unlock() }
func (c *Inferred) Get(k string) int    { c.mu.Lock(); defer c.mu.Unlock(); return c.items[k] }

// Too little evidence: two locked functions are fewer than Min (3).
type TwoLocked struct {
	mu    sync.Mutex
	items map[string]int // want `items: no guard`
}

func (c *TwoLocked) Set(k string, v int) { c.mu.Lock(); c.items[k] = v; c.mu.Unlock() }
func (c *TwoLocked) Get(k string) int    { c.mu.Lock(); defer c.mu.Unlock(); return c.items[k] }

// Below the ratio: two unlocked writers (weight 4) against three locked
// readers (weight 3): 3/7 < 0.7.
type Mixed struct {
	mu    sync.Mutex
	items map[string]int // want `items: no guard`
}

func (c *Mixed) A(k string) int      { c.mu.Lock(); defer c.mu.Unlock(); return c.items[k] }
func (c *Mixed) B(k string) int      { c.mu.Lock(); defer c.mu.Unlock(); return c.items[k] }
func (c *Mixed) C(k string) int      { c.mu.Lock(); defer c.mu.Unlock(); return c.items[k] }
func (c *Mixed) W1(k string)         { c.items[k] = 1 }
func (c *Mixed) W2(k string)         { delete(c.items, k) }
func (c *Mixed) unused() *sync.Mutex { return &c.mu }

// One unlocked writer among three locked ones: 6/8 >= 0.7.
type OneUnlocked struct {
	mu    sync.RWMutex
	items map[string]int // want `items: guard mu \(inferred\) 3/4`
}

func (c *OneUnlocked) Set(k string, v int) { c.mu.Lock(); c.items[k] = v; c.mu.Unlock() }
func (c *OneUnlocked) Del(k string)        { c.mu.Lock(); delete(c.items, k); c.mu.Unlock() }
func (c *OneUnlocked) Inc(k string)        { c.mu.Lock(); c.items[k]++; c.mu.Unlock() }
func (c *OneUnlocked) Reset(k string)      { c.items[k] = 0 }

// Read-only after construction: no guard whatever the reads hold.
type ReadOnly struct {
	mu    sync.Mutex
	names map[string]int // want `names: no guard`
	n     int
}

func NewReadOnly() *ReadOnly {
	r := &ReadOnly{names: map[string]int{}} // want `names in constructor context`
	r.names["a"] = 1                        // want `names in constructor context`
	return r
}

func (r *ReadOnly) A() int { r.mu.Lock(); defer r.mu.Unlock(); return r.names["a"] }
func (r *ReadOnly) B() int { r.mu.Lock(); defer r.mu.Unlock(); return r.names["b"] }
func (r *ReadOnly) C() int { r.mu.Lock(); defer r.mu.Unlock(); return r.names["c"] }

// Copy-on-write: the only mutations build a fresh map and publish it.
type Snapshot struct {
	mu   sync.Mutex
	live map[string]int // want `live: guard mu \(inferred\) 3/3 copy-on-write`
}

func (s *Snapshot) Add(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := make(map[string]int, len(s.live)+1)
	for key, val := range s.live {
		next[key] = val
	}
	next[k] = v
	s.live = next
}

func (s *Snapshot) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live[k]
}

func (s *Snapshot) Reset() {
	s.mu.Lock()
	s.live = map[string]int{}
	s.mu.Unlock()
}

// Declared guards need no evidence.
type Declared struct {
	mu sync.Mutex
	// +checklocks:mu
	byID map[int]string // want `byID: guard mu \(annotation\) 0/1`
	// guarded by mu
	byName map[string]int // want `byName: guard mu \(comment\) 0/0`
	// +checklocksignore
	scratch map[int]int // want `scratch: no guard`
}

func (d *Declared) Lookup(id int) string { return d.byID[id] }

// The mutex is promoted from an embedded struct (two levels: through a
// pointer): its path is the guard.
type lockHolder struct{ mu sync.Mutex }
type base struct{ *lockHolder }

type Promoted struct {
	base
	hits map[string]int // want `hits: guard base.lockHolder.mu \(inferred\) 3/3`
}

func (p *Promoted) Hit(k string)      { p.mu.Lock(); p.hits[k]++; p.mu.Unlock() }
func (p *Promoted) Forget(k string)   { p.mu.Lock(); delete(p.hits, k); p.mu.Unlock() }
func (p *Promoted) Hits(k string) int { p.mu.Lock(); defer p.mu.Unlock(); return p.hits[k] }

// sync.Once initialisation is its own context.
type Lazy struct {
	once sync.Once
	mu   sync.Mutex
	tab  map[string]int // want `tab: guard mu \(inferred\) 3/3`
}

func (l *Lazy) init() {
	l.once.Do(func() {
		l.tab = map[string]int{} // want `l.tab in once context`
		l.tab["x"] = 1           // want `l.tab in once context`
	})
}

func (l *Lazy) Put(k string) { l.init(); l.mu.Lock(); l.tab[k] = 1; l.mu.Unlock() }
func (l *Lazy) Del(k string) { l.init(); l.mu.Lock(); delete(l.tab, k); l.mu.Unlock() }
func (l *Lazy) Has(k string) bool {
	l.init()
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.tab[k]
	return ok
}
