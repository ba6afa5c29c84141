package sharedslice

import "sync"

type bucket struct {
	mu sync.RWMutex
	m  map[string]int
}

type registry struct{ buckets []*bucket }

func (r *registry) Get(i int, k string) int {
	b := r.buckets[i]
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.m[k]
}

func (r *registry) Set(i int, k string, v int) {
	b := r.buckets[i]
	b.mu.Lock()
	b.m[k] = v
	b.mu.Unlock()
}

func (r *registry) Del(i int, k string) {
	b := r.buckets[i]
	b.mu.Lock()
	delete(b.m, k)
	b.mu.Unlock()
}

// Reset publishes a fresh bucket into a registry other goroutines use, then
// writes its map through the shared slot: another goroutine may already hold
// that bucket.
func (r *registry) Reset(i int) {
	r.buckets[i] = &bucket{m: make(map[string]int)}
	r.buckets[i].m["root"] = 0 // want `r.buckets\[i\].m is written without holding r.buckets\[i\].mu`
}
