package ptest

import "testing"

// Parallel subtests started in a loop all write one map.
func TestParallelWrites(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range []string{"a", "b", "c"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			seen[name] = true // want "map `seen` is written here by parallel subtests started in a loop at L9"
		})
	}
}

// Two parallel subtests: one writes, the other reads.
func TestTwoParallel(t *testing.T) {
	cache := map[int]int{}
	t.Run("w", func(t *testing.T) {
		t.Parallel()
		cache[1] = 1 // want "map `cache` is written here by the parallel subtest started at L19 while the parallel subtest started at L23 reads it"
	})
	t.Run("r", func(t *testing.T) {
		t.Parallel()
		_ = cache[1]
	})
}
