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
