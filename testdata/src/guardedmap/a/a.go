// Package a holds unannotated types whose guards are inferred.
package a

import (
	"maps"
	"strings"
	"sync"
)

// Cache: items is accessed under mu by Get, Set, Delete; Len forgets it.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func NewCache() *Cache {
	c := &Cache{}
	c.items = make(map[string]int) // constructor: fine
	return c
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Delete(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
}

func (c *Cache) Has(k string) bool {
	_, ok := c.items[k] // want `c.items is read without holding c.mu: c.items is accessed with c.mu held in \d+ of \d+ functions: Get L\d+, Set L\d+, Delete L\d+`
	return ok
}

// Incr takes the lock on some paths only.
func (c *Cache) Incr(k string, n int) {
	if n > 1 {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	c.items[k] += n // want `c.items is written with c.mu held on some paths but not all`
}

// Keys copies the map reference under the lock, then iterates after Unlock.
func (c *Cache) Keys() []string {
	c.mu.Lock()
	m := c.items
	c.mu.Unlock()
	var out []string
	for k := range m { // want `the map in c.items escapes its critical section: it is iterated here after c.mu is released`
		out = append(out, k)
	}
	return out
}

// Dump hands the guarded map to a goroutine.
func (c *Cache) Dump(sb *strings.Builder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.items
	go func() { // want `the map in c.items is handed to a goroutine, which uses it without holding c.mu`
		for k := range m {
			sb.WriteString(k)
		}
	}()
}

// Stats uses a RWMutex; Bump mutates under the read lock (no fix: the
// unlock is not in this function's shape we can rewrite safely: TryRLock).
type Stats struct {
	mu     sync.RWMutex
	counts map[string]int
}

func (s *Stats) Get(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.counts[k]
}

func (s *Stats) Add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[k]++
}

func (s *Stats) Reset() {
	s.mu.Lock()
	clear(s.counts)
	s.mu.Unlock()
}

func (s *Stats) Bump(k string) {
	if !s.mu.TryRLock() {
		return
	}
	defer s.mu.RUnlock()
	s.counts[k] = 1 // want `s.counts is written while holding only the read lock s.mu.RLock\(\)`
}

// Embedded mutex: the guard is the embedded sync.Mutex.
type Registry struct {
	sync.Mutex
	byName map[string]string
}

func (r *Registry) Add(n, v string) {
	r.Lock()
	r.byName[n] = v
	r.Unlock()
}

func (r *Registry) Remove(n string) {
	r.Lock()
	defer r.Unlock()
	delete(r.byName, n)
}

func (r *Registry) Lookup(n string) string {
	r.Lock()
	defer r.Unlock()
	return r.byName[n]
}

func (r *Registry) Len() int {
	r.Lock()
	defer r.Unlock()
	return len(r.byName)
}

func (r *Registry) Forget(old string) {
	delete(r.byName, old) // want `r.byName is written without holding r.Mutex`
}

// addTo mutates the map it is given: calling it on a guarded map is a write.
func addTo(m map[string]int, k string) { m[k]++ }

// Tally: writes through a mutating helper and maps.Copy.
type Tally struct {
	mu sync.RWMutex
	m  map[string]int
}

func (t *Tally) Inc(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	addTo(t.m, k)
}

func (t *Tally) Get(k string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.m[k]
}

func (t *Tally) Drop(k string) {
	t.mu.Lock()
	delete(t.m, k)
	t.mu.Unlock()
}

func (t *Tally) IncShared(k string) {
	t.mu.RLock()
	addTo(t.m, k) // want `t.m is written while holding only the read lock t.mu.RLock\(\)`
	t.mu.RUnlock()
}

func (t *Tally) Merge(other map[string]int) {
	maps.Copy(t.m, other) // want `t.m is written without holding t.mu`
}

// Peek reads through an alias after the unlock.
func (t *Tally) Peek(k string) int {
	t.mu.RLock()
	m := t.m
	t.mu.RUnlock()
	return m[k] // want `the map in t.m escapes its critical section: it is read here after t.mu is released`
}
