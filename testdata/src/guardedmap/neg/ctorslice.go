package neg

import "sync"

// A constructor fills a slice of fresh buckets and writes each bucket's map
// through the slice element: nothing is shared until it returns.
type shardBucket struct {
	mu sync.RWMutex
	m  map[string]int
}

type shardRegistry struct{ buckets []*shardBucket }

func newShardRegistry(n int) *shardRegistry {
	r := &shardRegistry{buckets: make([]*shardBucket, n)}
	for i := 0; i < n; i++ {
		r.buckets[i] = &shardBucket{m: make(map[string]int)}
		r.buckets[i].m["root"] = 0
	}
	return r
}

func (r *shardRegistry) Get(i int, k string) int {
	b := r.buckets[i]
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.m[k]
}

func (r *shardRegistry) Set(i int, k string, v int) {
	b := r.buckets[i]
	b.mu.Lock()
	b.m[k] = v
	b.mu.Unlock()
}

func (r *shardRegistry) Del(i int, k string) {
	b := r.buckets[i]
	b.mu.Lock()
	delete(b.m, k)
	b.mu.Unlock()
}

// The constructor seeds initial values through the cache's own shard
// picker: the cache and every shard in its slice were allocated right here
// (appended one by one, or written as a one-element literal), so the
// unlocked seeding writes a value nobody else can see yet (benthos' memory
// cache). The guard is inferred (3 of 3 functions after the constructor).
type seedShard struct {
	sync.RWMutex
	items map[string]string
}

type seedCache struct{ shards []*seedShard }

func NewSeedCache(n int, seed map[string]string) *seedCache {
	c := &seedCache{}
	if n <= 1 {
		c.shards = []*seedShard{{items: map[string]string{}}}
	} else {
		for i := 0; i < n; i++ {
			c.shards = append(c.shards, &seedShard{items: map[string]string{}})
		}
	}
	for k, v := range seed {
		c.pick(k).items[k] = v
	}
	return c
}

func (c *seedCache) pick(k string) *seedShard {
	if len(c.shards) == 1 {
		return c.shards[0]
	}
	return c.shards[len(k)%len(c.shards)]
}

func (c *seedCache) Get(k string) string {
	s := c.pick(k)
	s.RLock()
	defer s.RUnlock()
	return s.items[k]
}

func (c *seedCache) Set(k, v string) {
	s := c.pick(k)
	s.Lock()
	s.items[k] = v
	s.Unlock()
}

func (c *seedCache) Delete(k string) {
	s := c.pick(k)
	s.Lock()
	delete(s.items, k)
	s.Unlock()
}

// The same with an annotated guard, the shards made and filled in a local
// slice that is then stored in the field.
type seedShard2 struct {
	mu sync.Mutex
	// +checklocks:mu
	items map[string]string
}

type seedCache2 struct{ shards []*seedShard2 }

func NewSeedCache2(n int, seed map[string]string) *seedCache2 {
	c := &seedCache2{}
	shards := make([]*seedShard2, n)
	for i := range shards {
		shards[i] = &seedShard2{items: map[string]string{}}
	}
	c.shards = shards
	for k, v := range seed {
		c.pick(k).items[k] = v
	}
	return c
}

func (c *seedCache2) pick(k string) *seedShard2 { return c.shards[len(k)%len(c.shards)] }

func (c *seedCache2) Get(k string) string {
	s := c.pick(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}
