package mapsafe

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

type point struct{ X, Y float64 }

type inner struct {
	N    int
	Tags []string
}

type withUnexported struct {
	Name   string
	secret *inner
	list   []int
	m      map[string]int
}

type locked struct {
	Mu   sync.Mutex
	RW   sync.RWMutex
	WG   sync.WaitGroup
	Once sync.Once
	N    int
	P    *int
}

type atomics struct {
	I  atomic.Int64
	B  atomic.Bool
	U  atomic.Uint32
	P  atomic.Pointer[inner]
	V  atomic.Value
	Ch chan int
	F  func() int
	UP unsafe.Pointer
}

type node struct {
	Val  int
	Next *node
	Kids []*node
}

type myErr struct{ Code int }

func (e *myErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

var errSentinel = errors.New("sentinel")

type withErr struct {
	Err  error
	When time.Time
	Loc  *time.Location
	Mine *myErr
}

func ptr[T any](v T) *T { return &v }

// check asserts that c is deep-equal to src and shares no mutable memory.
func check(t *testing.T, src, c any) {
	t.Helper()
	if !reflect.DeepEqual(src, c) {
		t.Fatalf("copy differs from source:\n src %#v\ncopy %#v", src, c)
	}
	if what := sharedAddr(src, c); what != "" {
		t.Fatalf("copy shares mutable memory of type %s with source", what)
	}
}

func TestDeepCopyMapTable(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"nil map stays nil", func(t *testing.T) {
			var m map[string]*int
			if c := DeepCopyMap(m); c != nil {
				t.Fatal("nil map copied as non-nil")
			}
			var p map[int]int
			if c := DeepCopyMap(p); c != nil {
				t.Fatal("nil plain map copied as non-nil")
			}
		}},
		{"empty stays empty and non-nil", func(t *testing.T) {
			m := map[string][]int{}
			c := DeepCopyMap(m)
			if c == nil || len(c) != 0 {
				t.Fatalf("got %#v", c)
			}
			if reflect.ValueOf(c).Pointer() == reflect.ValueOf(m).Pointer() {
				t.Fatal("empty map aliased")
			}
		}},
		{"nested nil and empty", func(t *testing.T) {
			m := map[string]any{
				"nilmap": map[string]any(nil), "nilslice": []any(nil), "nilptr": (*int)(nil),
				"emptymap": map[string]any{}, "emptyslice": []any{}, "nil": nil,
				"emptybytes": []byte{}, "nilbytes": []byte(nil),
			}
			c := DeepCopyMap(m)
			check(t, m, c)
			if c["nilmap"].(map[string]any) != nil || c["nilslice"].([]any) != nil || c["nilptr"].(*int) != nil || c["nilbytes"].([]byte) != nil {
				t.Fatal("nested nil became non-nil")
			}
			if c["emptymap"].(map[string]any) == nil || c["emptyslice"].([]any) == nil || c["emptybytes"].([]byte) == nil {
				t.Fatal("nested empty became nil")
			}
		}},
		{"keys are never copied", func(t *testing.T) {
			k1, k2 := &inner{N: 1}, &inner{N: 2}
			m := map[*inner][]int{k1: {1}, k2: {2}}
			c := DeepCopyMap(m)
			check(t, m, c)
			if c[k1][0] != 1 || c[k2][0] != 2 {
				t.Fatal("copy does not find original pointer keys")
			}
			type key struct{ P *int }
			kp := ptr(5)
			m2 := map[key]*int{{kp}: ptr(1)}
			if c2 := DeepCopyMap(m2); *c2[key{kp}] != 1 {
				t.Fatal("struct key with pointer not found")
			}
		}},
		{"map self cycle", func(t *testing.T) {
			m := map[string]any{"x": 1.0}
			m["self"] = m
			c := DeepCopyMap(m)
			cs := c["self"].(map[string]any)
			if reflect.ValueOf(cs).Pointer() != reflect.ValueOf(c).Pointer() {
				t.Fatal("cycle not preserved")
			}
			check(t, m, c)
		}},
		{"indirect map cycle through slice and pointer", func(t *testing.T) {
			m := map[string]any{}
			s := []any{m, 1.0}
			m["s"] = s
			m["p"] = &s
			c := DeepCopyMap(m)
			check(t, m, c)
			cs := c["s"].([]any)
			if reflect.ValueOf(cs[0]).Pointer() != reflect.ValueOf(c).Pointer() {
				t.Fatal("cycle through slice not preserved")
			}
		}},
		{"slice self cycle", func(t *testing.T) {
			a := []any{nil, "x"}
			a[0] = a
			c := DeepCopy(a)
			if &c[0].([]any)[0] != &c[0] {
				t.Fatal("slice cycle not preserved")
			}
			check(t, a, c)
		}},
		{"pointer cycle", func(t *testing.T) {
			a := &node{Val: 1}
			b := &node{Val: 2, Next: a}
			a.Next = b
			a.Kids = []*node{a, b}
			m := map[string]*node{"a": a, "b": b}
			c := DeepCopyMap(m)
			check(t, m, c)
			if c["a"].Next != c["b"] || c["b"].Next != c["a"] || c["a"].Kids[0] != c["a"] {
				t.Fatal("pointer cycle not preserved")
			}
		}},
		{"shared pointer gets one shared copy", func(t *testing.T) {
			p := &inner{N: 7, Tags: []string{"a"}}
			m := map[string]*inner{"a": p, "b": p}
			c := DeepCopyMap(m)
			check(t, m, c)
			if c["a"] != c["b"] {
				t.Fatal("sharing not preserved")
			}
		}},
		{"unexported fields are deep-copied", func(t *testing.T) {
			m := map[int]withUnexported{1: {Name: "n", secret: &inner{N: 1, Tags: []string{"t"}}, list: []int{1, 2}, m: map[string]int{"k": 1}}}
			c := DeepCopyMap(m)
			check(t, m, c)
			c[1].secret.Tags[0] = "changed"
			c[1].list[0] = 99
			c[1].m["k"] = 99
			if m[1].secret.Tags[0] != "t" || m[1].list[0] != 1 || m[1].m["k"] != 1 {
				t.Fatal("mutation of copy reached source")
			}
		}},
		{"locks are fresh", func(t *testing.T) {
			l := &locked{N: 3, P: ptr(4)}
			l.Mu.Lock()
			l.RW.RLock()
			l.WG.Add(1)
			l.Once.Do(func() {})
			c := DeepCopyMap(map[string]*locked{"l": l})["l"]
			if !c.Mu.TryLock() || !c.RW.TryLock() {
				t.Fatal("copied lock is held")
			}
			c.WG.Wait() // must not block
			ran := false
			c.Once.Do(func() { ran = true })
			if !ran || c.N != 3 || *c.P != 4 || c.P == l.P {
				t.Fatalf("bad copy %+v", c)
			}
			// Plain (pointer-free) struct with a lock: still reset, not
			// taken by the maps.Clone fast path.
			type plainLocked struct {
				Mu sync.Mutex
				N  int
			}
			var pl plainLocked
			pl.Mu.Lock()
			if c := DeepCopyMap(map[int]*plainLocked{1: &pl}); !c[1].Mu.TryLock() || c[1].N != 0 {
				t.Fatal("plain struct lock copied held")
			}
			if c := DeepCopy(&pl); !c.Mu.TryLock() {
				t.Fatal("DeepCopy: plain struct lock copied held")
			}
		}},
		{"atomics keep their value, chans funcs unsafe.Pointer shared", func(t *testing.T) {
			a := &atomics{Ch: make(chan int), F: func() int { return 42 }, UP: unsafe.Pointer(ptr(1))}
			a.I.Store(-5)
			a.B.Store(true)
			a.U.Store(9)
			a.P.Store(&inner{N: 3, Tags: []string{"x"}})
			a.V.Store(&inner{N: 4})
			c := DeepCopy(a)
			if c.I.Load() != -5 || !c.B.Load() || c.U.Load() != 9 || c.P.Load().N != 3 || c.V.Load().(*inner).N != 4 {
				t.Fatal("atomic values lost")
			}
			if c.P.Load() == a.P.Load() || c.V.Load().(*inner) == a.V.Load().(*inner) {
				t.Fatal("atomic.Pointer / atomic.Value content shared")
			}
			if c.Ch != a.Ch || c.F() != 42 || c.UP != a.UP || reflect.ValueOf(c.F).Pointer() != reflect.ValueOf(a.F).Pointer() {
				t.Fatal("chan/func/unsafe.Pointer not shared")
			}
		}},
		{"cycle through atomic.Pointer back to the top map", func(t *testing.T) {
			type box struct {
				P atomic.Pointer[map[string]*box]
			}
			m := map[string]*box{"a": {}}
			m["a"].P.Store(&m)
			c := DeepCopyMap(m)
			back := *c["a"].P.Load()
			if reflect.ValueOf(back).Pointer() != reflect.ValueOf(c).Pointer() {
				t.Fatal("cycle through atomic.Pointer not closed at the copy")
			}
		}},
		{"sync.Map, sync.Pool, sync.Cond and strings.Builder", func(t *testing.T) {
			type S struct {
				M    sync.Map
				Pool sync.Pool
				Mu   sync.Mutex
				Cond *sync.Cond
				B    strings.Builder
			}
			s := &S{Pool: sync.Pool{New: func() any { return 7 }}}
			s.Cond = sync.NewCond(&s.Mu)
			for i := range 100 {
				s.M.Store(i, &inner{N: i})
			}
			s.Pool.Put(1)
			s.B.WriteString("hello")
			c := DeepCopy(s)
			n := 0
			c.M.Range(func(k, v any) bool {
				n++
				if v.(*inner).N != k.(int) {
					t.Errorf("entry %v: %v", k, v)
				}
				return true
			})
			v, _ := c.M.Load(5)
			v2, _ := s.M.Load(5)
			c.M.Store(1000, nil)
			if _, leaked := s.M.Load(1000); n != 100 || v == v2 || leaked {
				t.Fatalf("sync.Map copy: n=%d shared=%v leaked=%v", n, v == v2, leaked)
			}
			if c.Pool.Get() != 7 {
				t.Fatal("pool copy not empty or lost New")
			}
			c.Cond.L.Lock()
			c.Cond.Signal() // must not panic with "sync.Cond is copied"
			c.Cond.L.Unlock()
			if c.Cond == s.Cond || c.Cond.L == s.Cond.L {
				t.Fatal("cond shared")
			}
			c.B.WriteString(" world") // must not panic
			if c.B.String() != "hello world" || s.B.String() != "hello" {
				t.Fatalf("builder: %q %q", c.B.String(), s.B.String())
			}
		}},
		{"time and errors are kept", func(t *testing.T) {
			loc := time.FixedZone("X", 3600)
			me := &myErr{Code: 7}
			w := withErr{Err: fmt.Errorf("wrapped: %w", errSentinel), When: time.Date(2020, 1, 2, 3, 4, 5, 6, loc), Loc: loc, Mine: me}
			m := map[string]any{"w": &w, "err": errSentinel, "fs": &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}}
			c := DeepCopyMap(m)
			cw := c["w"].(*withErr)
			if cw == &w || !errors.Is(cw.Err, errSentinel) || c["err"] != errSentinel || !errors.Is(c["fs"].(error), os.ErrNotExist) {
				t.Fatal("errors not kept")
			}
			var target *myErr
			if cw.Mine != me || !errors.As(error(cw.Mine), &target) || cw.Loc != loc || !cw.When.Equal(w.When) || cw.When.Location() != loc {
				t.Fatal("time/location/error pointer not kept")
			}
		}},
		{"pointer-free values take the maps.Clone path", func(t *testing.T) {
			m := map[string]point{"a": {1, 2}, "b": {3, 4}}
			c := DeepCopyMap(m)
			check(t, m, c)
			for _, typ := range []reflect.Type{reflect.TypeFor[point](), reflect.TypeFor[string](), reflect.TypeFor[[4]int](), reflect.TypeFor[time.Time](), reflect.TypeFor[error]()} {
				if !planOf(typ).plain {
					t.Errorf("%v not plain", typ)
				}
			}
			for _, typ := range []reflect.Type{reflect.TypeFor[*int](), reflect.TypeFor[[]int](), reflect.TypeFor[any](), reflect.TypeFor[sync.Mutex](), reflect.TypeFor[struct{ A [2]map[int]int }]()} {
				if planOf(typ).plain {
					t.Errorf("%v plain", typ)
				}
			}
			big := map[int]point{}
			for i := range 1000 {
				big[i] = point{float64(i), 1}
			}
			a1 := testing.AllocsPerRun(20, func() { _ = maps.Clone(big) })
			a2 := testing.AllocsPerRun(20, func() { _ = DeepCopyMap(big) })
			if a2 > a1 {
				t.Fatalf("DeepCopyMap allocs %v > maps.Clone %v", a2, a1)
			}
		}},
		{"slices, arrays, nested maps via reflection", func(t *testing.T) {
			type rec struct {
				A  [2]*int
				M  map[int][]string
				S  [][]byte
				I  fmt.Stringer
				Ms map[inner2]*inner
			}
			src := map[string]rec{"r": {
				A: [2]*int{ptr(1), nil}, M: map[int][]string{1: {"a"}, 2: nil},
				S: [][]byte{[]byte("xy"), nil}, I: &strg{S: []int{1}},
				Ms: map[inner2]*inner{{1}: {N: 1}},
			}}
			c := DeepCopyMap(src)
			check(t, src, c)
			mutateAll(c)
			if !reflect.DeepEqual(src, map[string]rec{"r": {
				A: [2]*int{ptr(1), nil}, M: map[int][]string{1: {"a"}, 2: nil},
				S: [][]byte{[]byte("xy"), nil}, I: &strg{S: []int{1}},
				Ms: map[inner2]*inner{{1}: {N: 1}},
			}}) {
				t.Fatal("mutating copy changed source")
			}
		}},
		{"DeepCopyMapFunc", func(t *testing.T) {
			if DeepCopyMapFunc(map[string][]int(nil), func(v []int) []int { return v }) != nil {
				t.Fatal("nil")
			}
			m := map[string][]int{"a": {1}}
			c := DeepCopyMapFunc(m, func(v []int) []int { return append([]int(nil), v...) })
			c["a"][0] = 2
			if m["a"][0] != 1 {
				t.Fatal("shared")
			}
		}},
		{"DeepCopy of non-map values", func(t *testing.T) {
			s := []map[string]*int{{"a": ptr(1)}}
			c := DeepCopy(s)
			check(t, s, c)
			if DeepCopy(42) != 42 || DeepCopy("s") != "s" {
				t.Fatal("scalar")
			}
			var nilp *node
			if DeepCopy(nilp) != nil {
				t.Fatal("nil pointer")
			}
			var e any
			if DeepCopy(e) != nil {
				t.Fatal("nil interface")
			}
		}},
		{"named map type and interior values", func(t *testing.T) {
			type JSON map[string]any
			j := JSON{"a": []any{map[string]any{"b": []byte("c")}}, "n": JSON{"x": 1}}
			j["self"] = j
			c := DeepCopyMap(j)
			check(t, j, c)
			if reflect.ValueOf(c["self"]).Pointer() != reflect.ValueOf(c).Pointer() {
				t.Fatal("named-type cycle lost")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}

type inner2 struct{ K int }

type strg struct{ S []int }

func (s *strg) String() string { return fmt.Sprint(s.S) }

// hooked copies itself and counts the calls.
type hooked struct {
	N     int
	Cache []int // the hook deliberately drops this
}

var hookCalls atomic.Int64

func (h *hooked) DeepCopy() *hooked {
	hookCalls.Add(1)
	return &hooked{N: h.N}
}

// selfHooked implements its hook with DeepCopy itself.
type selfHooked struct {
	S    []int
	Next *selfHooked
}

func (s *selfHooked) DeepCopy() *selfHooked { return DeepCopy(s) }

// wrongHook has a DeepCopy method with another signature: ignored.
type wrongHook struct{ S []int }

func (w *wrongHook) DeepCopy() any { panic("must not be called") }

// valueHook has a value-receiver hook.
type valueHook struct{ S []int }

func (v valueHook) DeepCopy() valueHook { return valueHook{S: append([]int{-1}, v.S...)} }

func TestDeepCopyHook(t *testing.T) {
	hookCalls.Store(0)
	h := &hooked{N: 1, Cache: []int{1, 2}}
	m := map[string]*hooked{"a": h, "b": h, "nil": nil}
	c := DeepCopyMap(m)
	if hookCalls.Load() != 1 {
		t.Fatalf("hook called %d times, want 1 (memoized, not for nil)", hookCalls.Load())
	}
	if c["a"] != c["b"] || c["a"] == h || c["a"].N != 1 || c["a"].Cache != nil || c["nil"] != nil {
		t.Fatalf("hook result not used: %+v", c["a"])
	}

	// Top level: DeepCopy does not call the hook of its own argument.
	hookCalls.Store(0)
	d := DeepCopy(h)
	if hookCalls.Load() != 0 || len(d.Cache) != 2 || &d.Cache[0] == &h.Cache[0] {
		t.Fatal("DeepCopy used the hook of its top-level argument")
	}
	// ...but does for values inside it.
	type holder struct{ H *hooked }
	if DeepCopy(holder{h}).H.Cache != nil || hookCalls.Load() != 1 {
		t.Fatal("hook not used for nested value")
	}

	// A hook implemented with DeepCopy terminates and deep-copies.
	s := &selfHooked{S: []int{1}, Next: &selfHooked{S: []int{2}}}
	sc := DeepCopyMap(map[int]*selfHooked{1: s})[1]
	check(t, s, sc)

	// Wrong signatures are ignored.
	w := map[int]*wrongHook{1: {S: []int{1}}}
	check(t, w, DeepCopyMap(w))

	// Value receivers.
	v := map[int]valueHook{1: {S: []int{1}}}
	if got := DeepCopyMap(v)[1].S; !reflect.DeepEqual(got, []int{-1, 1}) {
		t.Fatalf("value hook: %v", got)
	}
}

func TestDeepCopyConcurrentPlans(t *testing.T) {
	// Many goroutines building plans for fresh types at once.
	type a struct {
		P *a
		M map[string][]*a
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := &a{M: map[string][]*a{"k": {nil}}}
			x.P = x
			x.M["k"][0] = x
			c := DeepCopy(x)
			if c.P != c || c.M["k"][0] != c {
				t.Error("bad concurrent copy")
			}
		}()
	}
	wg.Wait()
}
