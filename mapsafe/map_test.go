package mapsafe

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestMapZeroValue(t *testing.T) {
	var m Map[string, int]
	if _, ok := m.Load("a"); ok {
		t.Fatal("zero map has a key")
	}
	if _, ok := m.LoadAndDelete("a"); ok {
		t.Fatal("LoadAndDelete on zero map")
	}
	m.Delete("a")
	if m.CompareAndSwap("a", 0, 1) || m.CompareAndDelete("a", 0) {
		t.Fatal("CAS on zero map")
	}
	if m.Len() != 0 || len(m.Snapshot()) != 0 || m.Snapshot() == nil {
		t.Fatal("zero map not empty")
	}
	m.Clear()
	m.Range(func(string, int) bool { t.Fatal("Range on zero map"); return true })
	for range m.All() {
		t.Fatal("All on zero map")
	}
}

func TestMapMethods(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, m *Map[string, int])
	}{
		{"Store/Load", func(t *testing.T, m *Map[string, int]) {
			m.Store("a", 1)
			m.Store("a", 2)
			if v, ok := m.Load("a"); !ok || v != 2 {
				t.Fatal(v, ok)
			}
		}},
		{"LoadOrStore", func(t *testing.T, m *Map[string, int]) {
			if v, loaded := m.LoadOrStore("a", 1); loaded || v != 1 {
				t.Fatal(v, loaded)
			}
			if v, loaded := m.LoadOrStore("a", 2); !loaded || v != 1 {
				t.Fatal(v, loaded)
			}
		}},
		{"LoadAndDelete/Delete", func(t *testing.T, m *Map[string, int]) {
			m.Store("a", 1)
			m.Store("b", 2)
			if v, ok := m.LoadAndDelete("a"); !ok || v != 1 {
				t.Fatal(v, ok)
			}
			if _, ok := m.LoadAndDelete("a"); ok {
				t.Fatal("deleted twice")
			}
			m.Delete("b")
			m.Delete("nope")
			if m.Len() != 0 {
				t.Fatal(m.Len())
			}
		}},
		{"Swap", func(t *testing.T, m *Map[string, int]) {
			if p, loaded := m.Swap("a", 1); loaded || p != 0 {
				t.Fatal(p, loaded)
			}
			if p, loaded := m.Swap("a", 2); !loaded || p != 1 {
				t.Fatal(p, loaded)
			}
		}},
		{"CompareAndSwap/CompareAndDelete", func(t *testing.T, m *Map[string, int]) {
			if m.CompareAndSwap("a", 0, 1) {
				t.Fatal("CAS on absent key")
			}
			m.Store("a", 1)
			if m.CompareAndSwap("a", 5, 6) || !m.CompareAndSwap("a", 1, 2) {
				t.Fatal("CAS")
			}
			if m.CompareAndDelete("a", 1) || !m.CompareAndDelete("a", 2) {
				t.Fatal("CAD")
			}
			if _, ok := m.Load("a"); ok {
				t.Fatal("still there")
			}
		}},
		{"Compute", func(t *testing.T, m *Map[string, int]) {
			incr := func(old int, loaded bool) (int, bool) { return old + 1, false }
			if v, ok := m.Compute("a", incr); !ok || v != 1 {
				t.Fatal(v, ok)
			}
			if v, ok := m.Compute("a", incr); !ok || v != 2 {
				t.Fatal(v, ok)
			}
			var sawLoaded bool
			if v, ok := m.Compute("a", func(old int, loaded bool) (int, bool) { sawLoaded = loaded; return 0, true }); ok || v != 0 || !sawLoaded {
				t.Fatal("delete", v, ok)
			}
			if _, ok := m.Compute("a", func(int, bool) (int, bool) { return 9, true }); ok || m.Len() != 0 {
				t.Fatal("delete of absent key inserted")
			}
		}},
		{"Len/Clear", func(t *testing.T, m *Map[string, int]) {
			for i := range 100 {
				m.Store(fmt.Sprint(i), i)
			}
			if m.Len() != 100 {
				t.Fatal(m.Len())
			}
			m.Clear()
			if m.Len() != 0 {
				t.Fatal(m.Len())
			}
			m.Store("x", 1)
			if m.Len() != 1 {
				t.Fatal("unusable after Clear")
			}
		}},
		{"Snapshot is a detached copy", func(t *testing.T, m *Map[string, int]) {
			want := map[string]int{}
			for i := range 50 {
				m.Store(fmt.Sprint(i), i)
				want[fmt.Sprint(i)] = i
			}
			s := m.Snapshot()
			if !maps.Equal(s, want) {
				t.Fatal("snapshot")
			}
			s["0"] = 100
			m.Store("1", 200)
			if v, _ := m.Load("0"); v != 0 {
				t.Fatal("snapshot write reached map")
			}
			if s["1"] != 1 {
				t.Fatal("map write reached snapshot")
			}
		}},
		{"Range and All, with writes from the body and early stop", func(t *testing.T, m *Map[string, int]) {
			for i := range 50 {
				m.Store(fmt.Sprint(i), i)
			}
			seen := map[string]int{}
			m.Range(func(k string, v int) bool {
				seen[k]++
				m.Store(k, v+1000) // must not deadlock
				m.Delete("nope")
				return true
			})
			if len(seen) != 50 {
				t.Fatal(len(seen))
			}
			for k, n := range seen {
				if n != 1 {
					t.Fatalf("%s visited %d times", k, n)
				}
			}
			n := 0
			m.Range(func(string, int) bool { n++; return n < 5 })
			if n != 5 {
				t.Fatal("Range did not stop", n)
			}
			n = 0
			for k, v := range m.All() {
				m.Store(k, v) // must not deadlock
				n++
				if n == 7 {
					break
				}
			}
			if n != 7 {
				t.Fatal(n)
			}
			total := 0
			for _, v := range m.All() {
				total += v
			}
			if total != 50*1000+49*50/2 {
				t.Fatal(total)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Map[string, int]
			tt.run(t, &m)
		})
	}
}

func TestMapCompareAndSwapIncomparable(t *testing.T) {
	var m Map[string, []int]
	m.Store("a", []int{1})
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("CompareAndSwap on []int did not panic (sync.Map semantics)")
			}
		}()
		m.CompareAndSwap("a", nil, nil)
	}()
	eq := func(a, b []int) bool { return len(a) == len(b) && (len(a) == 0 || a[0] == b[0]) }
	if !m.CompareAndSwapFunc("a", []int{1}, []int{2}, eq) {
		t.Fatal("CompareAndSwapFunc")
	}
	if m.CompareAndDeleteFunc("a", []int{1}, eq) || !m.CompareAndDeleteFunc("a", []int{2}, eq) {
		t.Fatal("CompareAndDeleteFunc")
	}
	// Interface values compare dynamically, as in sync.Map.
	var mi Map[int, any]
	mi.Store(1, "x")
	if !mi.CompareAndSwap(1, "x", 2) {
		t.Fatal("CAS any")
	}
}

// TestMapRace runs every method from many goroutines; run it with -race.
func TestMapRace(t *testing.T) {
	var m Map[int, int]
	const (
		goroutines = 16
		iters      = 2000
		keys       = 64
	)
	var counter Map[string, int]
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range iters {
				k := (g*7 + i) % keys
				switch i % 12 {
				case 0:
					m.Store(k, i)
				case 1:
					m.Load(k)
				case 2:
					m.Delete(k)
				case 3:
					m.LoadOrStore(k, i)
				case 4:
					m.Swap(k, i)
				case 5:
					if v, ok := m.Load(k); ok {
						m.CompareAndSwap(k, v, v+1)
					}
				case 6:
					m.Compute(k, func(old int, loaded bool) (int, bool) { return old + 1, old > 1000 })
				case 7:
					if i%120 == 7 {
						m.Range(func(k, v int) bool { return true })
					}
				case 8:
					if i%240 == 8 {
						_ = m.Snapshot()
						_ = m.Len()
					}
				case 9:
					m.LoadAndDelete(k)
				case 10:
					if i%600 == 10 {
						for range m.All() {
						}
					}
				case 11:
					m.CompareAndDelete(k, i)
				}
				counter.Compute("n", func(old int, _ bool) (int, bool) { return old + 1, false })
			}
		}()
	}
	wg.Wait()
	if n, _ := counter.Load("n"); n != goroutines*iters {
		t.Fatalf("Compute lost updates: %d, want %d", n, goroutines*iters)
	}
}

// TestMapCopyIsReportedByVet checks that go vet's copylocks analyzer reports
// copying a Map by value.
func TestMapCopyIsReportedByVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not available")
	}
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module vetcheck\n\ngo 1.24\n\nrequire github.com/mapguard/mapguard/mapsafe v0.0.0\n\nreplace github.com/mapguard/mapguard/mapsafe => "+here+"\n")
	write("x.go", `package vetcheck

import "github.com/mapguard/mapguard/mapsafe"

func Copy(m *mapsafe.Map[string, int]) int {
	c := *m
	return c.Len()
}
`)
	cmd := exec.Command(gobin, "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "copies lock") {
		t.Fatalf("go vet did not report the copy (err %v):\n%s", err, out)
	}
}
