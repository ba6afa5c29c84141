// Package helper is a cross-package fixture: its functions' map accesses
// reach mapconcurrent through mapaccess facts.
package helper

import "sync"

// Record writes its map parameter.
func Record(m map[string]int, k string) { // want Record:"mapaccess\\(reads param0, writes param0\\)"
	m[k]++
}

// Lookup reads its map parameter.
func Lookup(m map[string]int, k string) int { return m[k] } // want Lookup:"mapaccess\\(reads param0\\)"

// Store is a map with its own lock.
type Store struct {
	mu sync.Mutex
	m  map[string]int
}

// Put writes s.m under s.mu.
func (s *Store) Put(k string, v int) { // want Put:"mapaccess\\(writes param0.m locked param0.mu\\)"
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

// Set is a map type with methods.
type Set map[string]struct{}

// Add writes the set.
func (s Set) Add(k string) { s[k] = struct{}{} } // want Add:"mapaccess\\(writes param0\\)"

// Go runs f on a new goroutine.
func Go(f func()) { go f() } // want Go:"spawns param0"
