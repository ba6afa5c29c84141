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

// Test call sites do not decide whether a helper is a constructor helper
// or runs after a join: tests sequence their own calls.
var sharedReg = &KeyRegistry{keys: map[uint64]string{}}

func TestRegistry(t *testing.T) {
	if err := WriteKeyRegistry(sharedReg, nil); err != nil {
		t.Fatal(err)
	}
	db := &DB{log: &vlog{files: map[uint32]string{}}}
	db.log.create(1)
	if db.log.Close() != 1 {
		t.Fatal("files")
	}
}

func TestExecutorRegistry(t *testing.T) {
	e := defaultExecutor
	e.register("a")
	if len(e.getRegistry()) == 0 || e.getRegistry()["a"] != 1 {
		t.Fatal("registry")
	}
}
