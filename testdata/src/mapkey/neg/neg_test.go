package neg

import (
	"math"
	"testing"
)

// Tests exercise NaN keys and misses on purpose: never-found keys are not
// reported in test files.
func TestNaNKeys(t *testing.T) {
	m := map[float64]int{math.NaN(): 1}
	m[math.NaN()] = 2
	if _, ok := m[math.NaN()]; ok || len(m) != 2 {
		t.Fatal("NaN found")
	}
	type node struct{ id int }
	pm := map[*node]int{}
	if _, ok := pm[&node{1}]; ok {
		t.Fatal("fresh pointer found")
	}
}

func expectPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	f()
}

func TestUnhashable(t *testing.T) {
	expectPanic(t, func() {
		m := map[any]int{}
		m[[]string{"a"}]++
	})
}
