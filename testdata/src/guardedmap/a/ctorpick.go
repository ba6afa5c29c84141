package a

import "sync"

// A shard picker called on a value under construction gives a fresh shard
// only when the constructor allocated every shard itself. Shards handed in
// by the caller may be shared with another cache already in use. (The guard
// is annotated: three unlocked writers would keep inference from naming it.)
type pickShard struct {
	mu sync.Mutex
	// +checklocks:mu
	items map[string]int
}

type PickCache struct{ shards []*pickShard }

func NewPickCacheFrom(shared []*pickShard, seed map[string]int) *PickCache {
	c := &PickCache{}
	c.shards = append(c.shards, shared...)
	for k, v := range seed {
		c.pick(k).items[k] = v // want `\.items is written without holding`
	}
	return c
}

func NewPickCacheExtra(extra *pickShard, seed map[string]int) *PickCache {
	c := &PickCache{shards: []*pickShard{{items: map[string]int{}}}}
	c.shards[0] = extra
	for k, v := range seed {
		c.pick(k).items[k] = v // want `\.items is written without holding`
	}
	return c
}

func (c *PickCache) pick(k string) *pickShard { return c.shards[len(k)%len(c.shards)] }

// Reseed runs on a cache in use: its shards are shared.
func (c *PickCache) Reseed(seed map[string]int) {
	for k, v := range seed {
		c.pick(k).items[k] = v // want `\.items is written without holding`
	}
}

func (c *PickCache) Get(k string) int {
	s := c.pick(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}

func (c *PickCache) Set(k string, v int) {
	s := c.pick(k)
	s.mu.Lock()
	s.items[k] = v
	s.mu.Unlock()
}

func (c *PickCache) Delete(k string) {
	s := c.pick(k)
	s.mu.Lock()
	delete(s.items, k)
	s.mu.Unlock()
}
