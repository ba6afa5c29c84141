package a

import "sync"

// The mutex is promoted from an embedded struct shared by several cache
// kinds (gcache's baseCache): c.mu is c.baseCache.mu, the guard of items.
type baseCache struct {
	size int
	mu   sync.RWMutex
}

type SimpleCache struct {
	baseCache
	items map[string]int
}

func (c *SimpleCache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *SimpleCache) Get(k string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k]
	return v, ok
}

func (c *SimpleCache) Remove(k string) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

func (c *SimpleCache) Purge() {
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Unlock()
}

// Keys forgot the lock that every other method takes.
func (c *SimpleCache) Keys() []string {
	var out []string
	for k := range c.items { // want `c.items is read without holding c.baseCache.mu: c.items is accessed with c.baseCache.mu held in 4 of 5 functions`
		out = append(out, k)
	}
	return out
}

// Through a pointer to the embedded struct, one level deeper.
type lockedBase struct{ mu sync.Mutex }

type statsBase struct{ *lockedBase }

type Counter struct {
	statsBase
	hits map[string]int
}

func (c *Counter) Hit(k string) {
	c.mu.Lock()
	c.hits[k]++
	c.mu.Unlock()
}

func (c *Counter) Hits(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[k]
}

func (c *Counter) Forget(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.hits, k)
}

func (c *Counter) Bump(k string) {
	c.hits[k] += 2 // want `c.hits is written without holding c.statsBase.lockedBase.mu`
}
