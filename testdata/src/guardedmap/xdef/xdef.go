// Package xdef exports a type whose map field is guarded by an exported mutex.
package xdef

import "sync"

type Table struct {
	Mu   sync.Mutex
	Rows map[string]int // guarded by Mu
}

func (t *Table) Put(k string, v int) {
	t.Mu.Lock()
	defer t.Mu.Unlock()
	t.Rows[k] = v
}

// Counters infers its guard.
type Counters struct {
	Mu sync.RWMutex
	M  map[string]int
}

func (c *Counters) Inc(k string) { c.Mu.Lock(); c.M[k]++; c.Mu.Unlock() }
func (c *Counters) Dec(k string) { c.Mu.Lock(); c.M[k]--; c.Mu.Unlock() }
func (c *Counters) Get(k string) int {
	c.Mu.RLock()
	defer c.Mu.RUnlock()
	return c.M[k]
}
