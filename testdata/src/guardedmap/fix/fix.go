// Package fix: mutations under RLock get the Lock/Unlock fix.
package fix

import "sync"

type Registry struct {
	mu sync.RWMutex
	m  map[string]string
}

func (r *Registry) Get(k string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.m[k]
}

func (r *Registry) Set(k, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[k] = v
}

func (r *Registry) Del(k string) {
	r.mu.Lock()
	delete(r.m, k)
	r.mu.Unlock()
}

// GetOrCreate writes under the read lock (deferred unlock).
func (r *Registry) GetOrCreate(k string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.m[k]
	if !ok {
		v = k
		r.m[k] = v // want `r.m is written while holding only the read lock r.mu.RLock\(\)`
	}
	return v
}

// Touch writes twice under the read lock (plain unlock): one fix.
func (r *Registry) Touch(k string) {
	r.mu.RLock()
	r.m[k] = "touched" // want `r.m is written while holding only the read lock`
	delete(r.m, "old") // want `r.m is written while holding only the read lock`
	r.mu.RUnlock()
}
