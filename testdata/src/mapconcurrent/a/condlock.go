package a

import "sync"

// Conditional locking does not cover a write after the conditional unlock.
type memo struct {
	mu   sync.Mutex
	vals map[string]int
}

func (m *memo) Get(k string) int { return m.get(k, true) }

func (m *memo) get(k string, lock bool) int {
	if lock {
		m.mu.Lock()
	}
	v := m.vals[k]
	if lock {
		m.mu.Unlock()
	}
	return v
}

func (m *memo) Refresh(k string) {
	go m.refill(k)
}

func (m *memo) refill(k string) {
	if m.get(k, true) == 0 {
		m.vals[k] = 1 // want "map `m.vals` is written here by the goroutine started at L25 while method \\(\\*a.memo\\).Get, which other goroutines may call, reads it with no lock held by both"
	}
}
