package boundary

import "sync"

// Cache guards its entries with mu; its methods write them.
type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

// NewCache keeps the caller's map: the caller can still write it, with no
// lock, while the cache's methods read and write it under mu.
func NewCache(seed map[string]int) *Cache {
	return &Cache{items: seed} // want `NewCache keeps the caller's map seed in its field items`
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

// Reset replaces the entries with the caller's map.
func (c *Cache) Reset(m map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = m // want `Reset keeps the caller's map m in its field items`
}

// Snapshot hands out the live map: the lock is held at the return, but the
// caller then reads the map without it while Put writes it.
func (c *Cache) Snapshot() map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items // want `Snapshot returns the internal map c.items, guarded by c.mu`
}

// All copies nothing either: m is the guarded map itself.
func (c *Cache) All() map[string]int {
	c.mu.RLock()
	m := c.items
	c.mu.RUnlock()
	return m // want `All returns the internal map c.items, guarded by c.mu`
}

// Peek reads without the lock: the report stands, but a copy made here
// would race too, so there is no automatic fix.
func (c *Cache) Peek() map[string]int {
	return c.items // want `Peek returns the internal map c.items, guarded by c.mu: .*no automatic fix: the map is not read under c.mu here`
}

// Registry mutates its handlers map later, without a lock.
type Registry struct {
	handlers map[string]string
}

func NewRegistry(h map[string]string) *Registry {
	r := &Registry{}
	r.handlers = h // want `NewRegistry keeps the caller's map h in its field handlers`
	return r
}

func (r *Registry) Register(name, target string) {
	r.handlers[name] = target
}

// Config carries the caller's settings; New keeps a field of it.
type Config struct {
	Limits map[string]int
}

type Limiter struct {
	mu     sync.Mutex
	limits map[string]int
}

func New(cfg Config) *Limiter {
	return &Limiter{limits: cfg.Limits} // want `New keeps the caller's map cfg.Limits in its field limits`
}

func (l *Limiter) Set(k string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limits[k] = n
}

// A fresh map assigned on only one path before the write does not count:
// on the other path the write reaches the stored caller map.
type Params struct {
	m map[string]string
}

func NewParams(m map[string]string) *Params {
	return &Params{m: m} // want `NewParams keeps the caller's map m in its field m`
}

func (p *Params) Set(k, v string, reset bool) {
	if reset {
		p.m = make(map[string]string)
	}
	p.m[k] = v
}
