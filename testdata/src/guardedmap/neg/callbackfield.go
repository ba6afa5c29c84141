package neg

import "sync"

// A shard calls its removal callback with its lock held. The callback is
// a method value of the owning cache, chosen in the constructor and stored
// in the shard (the shape of bigcache's onRemove): the helper it reaches,
// meta, reads the shard's stats with the lock held by del and evict. Its
// only call sites are dynamic calls through the func-typed field; the
// method value never leaves the package.
type cbShard struct {
	lock     sync.RWMutex
	entries  map[uint64][]byte
	stats    map[uint64]uint32
	onRemove removeFunc
}

type removeFunc func(key uint64, entry []byte)

type CbCache struct {
	shards []*cbShard
	notify func(key uint64, hits uint32)
}

func NewCbCache(n int, notify func(uint64, uint32)) *CbCache {
	c := &CbCache{notify: notify}
	var onRemove removeFunc
	if notify != nil {
		onRemove = c.removedWithStats
	} else {
		onRemove = c.removedQuietly
	}
	for i := 0; i < n; i++ {
		c.shards = append(c.shards, newCbShard(onRemove))
	}
	return c
}

func newCbShard(cb removeFunc) *cbShard {
	return &cbShard{entries: map[uint64][]byte{}, stats: map[uint64]uint32{}, onRemove: cb}
}

func (c *CbCache) shard(key uint64) *cbShard { return c.shards[key%uint64(len(c.shards))] }

func (c *CbCache) removedWithStats(key uint64, entry []byte) {
	c.notify(key, c.shard(key).meta(key))
}

func (c *CbCache) removedQuietly(key uint64, entry []byte) {}

func (s *cbShard) meta(key uint64) uint32 { return s.stats[key] }

func (s *cbShard) Set(key uint64, v []byte) {
	s.lock.Lock()
	defer s.lock.Unlock()
	s.entries[key] = v
	s.stats[key] = 0
}

func (s *cbShard) Hit(key uint64) {
	s.lock.Lock()
	s.stats[key]++
	s.lock.Unlock()
}

func (s *cbShard) Hits(key uint64) uint32 {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.stats[key]
}

func (s *cbShard) Del(key uint64) {
	s.lock.Lock()
	defer s.lock.Unlock()
	if e, ok := s.entries[key]; ok {
		delete(s.entries, key)
		s.onRemove(key, e)
		delete(s.stats, key)
	}
}

// A func literal stored in a field and called under the lock: same rule.
type evictTable struct {
	mu      sync.Mutex
	items   map[string]int
	onEvict func(k string)
}

func NewEvictTable() *evictTable {
	t := &evictTable{items: map[string]int{}}
	t.onEvict = func(k string) { delete(t.items, k) }
	return t
}

func (t *evictTable) Put(k string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.items[k] = v
}

func (t *evictTable) Get(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.items[k]
}

func (t *evictTable) Evict(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.onEvict(k)
}
