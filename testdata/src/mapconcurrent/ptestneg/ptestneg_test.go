package ptestneg

import (
	"sync"
	"testing"
)

// Sequential subtests (no t.Parallel) may share a map.
func TestSequential(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			seen[name] = true
		})
	}
	_ = seen["a"]
}

// Parallel subtests that lock, or that only read a map filled before.
func TestParallelLocked(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{"x": true}
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_ = seen["x"]
			mu.Lock()
			seen[name] = true
			mu.Unlock()
		})
	}
}

// The parent's accesses after t.Run happen before the parallel subtests
// resume; each subtest's own map is its own.
func TestParentAfter(t *testing.T) {
	m := map[string]int{}
	t.Run("p", func(t *testing.T) {
		t.Parallel()
		local := map[string]int{}
		local["a"] = 1
		_ = m["a"]
	})
	m["b"] = 1
}
