package neg

import "sync"

// Functional options (go-control-plane's LinearCache shape): WithPreload
// returns a closure that fills the guarded map of the value it is applied
// to, and the package applies options only in NewOptCache, to the value it
// has just allocated: the closure's parameter is always a value under
// construction, so its unlocked write is construction, not a race.

type OptCacheOption func(*OptCache)

func WithPreload(names ...string) OptCacheOption {
	return func(c *OptCache) {
		for _, n := range names {
			c.items[n] = len(n)
		}
	}
}

// WithDefault captures nothing (the closure is a plain function value).
func WithDefault() OptCacheOption {
	return func(c *OptCache) { c.items["default"] = 0 }
}

type OptCache struct {
	mu    sync.RWMutex
	items map[string]int
}

func NewOptCache(opts ...OptCacheOption) *OptCache {
	c := &OptCache{items: map[string]int{}}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

func (c *OptCache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *OptCache) Delete(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
}

func (c *OptCache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}
