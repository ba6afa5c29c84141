package neg

import "testing"

// Tests construct and poke values locally.
func TestCache(t *testing.T) {
	c := New()
	c.items["t"] = 1
	other := &Cache{items: map[string]int{}}
	other.items["x"] = 2
	if len(c.items) == 0 {
		t.Fatal("empty")
	}
}

func TestReap(t *testing.T) {
	c := New()
	c.reap()
}
