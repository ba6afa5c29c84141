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

// Only a flag of the caller (a parameter or a field of one) makes a
// conditional lock count: a package-level switch does not, and with it off
// the goroutines write unlocked.
var lockingOn = true

var (
	filled   = map[string]string{}
	filledMu sync.Mutex
)

func fillOne(key string) {
	if lockingOn {
		filledMu.Lock()
		defer filledMu.Unlock()
	}
	filled[key] = "v" // want "map `filled` is written here by goroutines started in a loop at L54 \\(one per iteration\\) with no lock held"
}

func fillEach(keys []string) {
	for _, k := range keys {
		go fillOne(k)
	}
}
