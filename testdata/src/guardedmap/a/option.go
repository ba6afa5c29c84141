package a

import "sync"

// Functional options applied to a live value: Reconfigure applies them to
// its receiver, which other goroutines use under mu, without the lock.
// The option closure's parameter is not always a fresh value, so its
// unlocked write is reported (compare neg/option.go, where only the
// constructor applies options).

type PoolOption func(*Pool)

func WithEntry(k string) PoolOption {
	return func(r *Pool) {
		r.entries[k] = true // want `r.entries is written without holding r.mu: r.entries is accessed with r.mu held in 3 of 4 functions`
	}
}

type Pool struct {
	mu      sync.Mutex
	entries map[string]bool
}

func NewPool(opts ...PoolOption) *Pool {
	r := &Pool{entries: map[string]bool{}}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Reconfigure applies options to a pool already in use.
func (r *Pool) Reconfigure(opts ...PoolOption) {
	for _, o := range opts {
		o(r)
	}
}

func (r *Pool) Add(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries[k] = true
}

func (r *Pool) Remove(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.entries, k)
}

func (r *Pool) Has(k string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.entries[k]
}
