package mapsafe

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"unsafe"
)

// flatRec is a pointee that cannot lead to another *flatRec.
type flatRec struct {
	ID   int
	Name string
	Data []byte
	Arr  [3]int32
}

// withChild's pointees hold pointers of another type, which the memo still
// shares.
type withChild struct {
	N     int
	Child *inner
}

type selfRef struct{ Next *selfRef }

type viaIface struct{ V any }

type viaAtomic struct{ P atomic.Pointer[viaAtomic] }

type viaMap struct{ M map[string]*viaMap }

type viaSlice struct{ S []*viaSlice }

type namedRecPtr *flatRec

// flatMap builds n distinct keys whose values follow pattern: value i is
// nil when pattern[i%len]==0, a fresh object when it is 1, and otherwise
// the object of an earlier key (so some objects are shared).
func flatMap(n int, pattern []byte) map[string]*flatRec {
	m := make(map[string]*flatRec, n)
	var objs []*flatRec
	for i := range n {
		var v *flatRec
		b := byte(1)
		if len(pattern) > 0 {
			b = pattern[i%len(pattern)]
		}
		switch {
		case b%4 == 0:
		case b%4 == 1 || len(objs) == 0:
			v = &flatRec{ID: i, Name: fmt.Sprint("n", i), Data: []byte{byte(i)}, Arr: [3]int32{1, 2, int32(i)}}
			objs = append(objs, v)
		default:
			v = objs[int(b)*7%len(objs)]
		}
		m[fmt.Sprint("k", i)] = v
	}
	return m
}

// checkPtrSharing asserts that two keys share one copy in c exactly when
// they share one object in src, and that nil stays nil.
func checkPtrSharing[E any](t *testing.T, src, c map[string]*E) {
	t.Helper()
	copyOf := map[*E]*E{}
	seen := map[*E]bool{}
	for k, v := range src {
		cv, ok := c[k]
		if !ok {
			t.Fatalf("key %q missing from copy", k)
		}
		if v == nil {
			if cv != nil {
				t.Fatalf("nil value of %q copied as non-nil", k)
			}
			continue
		}
		if prev, ok := copyOf[v]; ok {
			if prev != cv {
				t.Fatalf("shared source object of %q has two copies", k)
			}
			continue
		}
		if seen[cv] {
			t.Fatalf("copy of %q is shared with another, distinct source object", k)
		}
		copyOf[v], seen[cv] = cv, true
	}
}

func TestDedupEligibility(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want bool
	}{
		{reflect.TypeFor[*flatRec](), true},
		{reflect.TypeFor[*withChild](), true},
		{reflect.TypeFor[*int](), true},
		{reflect.TypeFor[namedRecPtr](), true},
		{reflect.TypeFor[*selfRef](), false},
		{reflect.TypeFor[*viaIface](), false},
		{reflect.TypeFor[*viaAtomic](), false},
		{reflect.TypeFor[*viaMap](), false},
		{reflect.TypeFor[*viaSlice](), false},
		{reflect.TypeFor[*node](), false},
		{reflect.TypeFor[*hooked](), false},    // pointer DeepCopy hook
		{reflect.TypeFor[*withErr](), false},   // error is an interface
		{reflect.TypeFor[[]*flatRec](), false}, // not a pointer
	} {
		if got := planOf(tc.typ).dedup != nil; got != tc.want {
			t.Errorf("%v: dedup = %v, want %v", tc.typ, got, tc.want)
		}
	}
}

func TestDeepCopyMapLargePointerValues(t *testing.T) {
	patterns := [][]byte{
		{1},          // all distinct
		{1, 0},       // with nils
		{1, 2, 3},    // two in three shared
		{2, 2, 2, 1}, // mostly shared
		{0},          // all nil
	}
	for _, n := range []int{1, 15, 16, 100, 5000} {
		for _, pat := range patterns {
			t.Run(fmt.Sprint(n, pat), func(t *testing.T) {
				src := flatMap(n, pat)
				c := DeepCopyMap(src)
				check(t, src, c)
				checkPtrSharing(t, src, c)
			})
		}
	}
}

func TestPtrFilter(t *testing.T) {
	objs := make([]flatRec, 3000)
	var f, big ptrFilter
	f.init(5, 6, nil) // 32 counters
	big.init(filterBits(len(objs)), 6, nil)
	for i := range objs {
		f.add(unsafe.Pointer(&objs[i]))
		big.add(unsafe.Pointer(&objs[i]))
	}
	big.add(unsafe.Pointer(&objs[7])) // a duplicate
	for i := range objs {
		if f.unique(unsafe.Pointer(&objs[i])) {
			t.Fatalf("object %d unique among 3000 on 32 counters", i)
		}
		// contiguous objects within one window never collide
		if got := big.unique(unsafe.Pointer(&objs[i])); got != (i != 7) {
			t.Fatalf("object %d: unique = %v", i, got)
		}
	}
	if f.shared != len(objs) || big.shared != 2 {
		t.Fatalf("shared = %d and %d, want %d and 2", f.shared, big.shared, len(objs))
	}
}

// TestDeepCopyPtrMapCollisions forces the filter to have far fewer counters
// than values, so that most values (distinct or not) collide and go through
// the memo, and also runs it at its largest size.
func TestDeepCopyPtrMapCollisions(t *testing.T) {
	vp := planOf(reflect.TypeFor[*flatRec]())
	for _, b := range []uint{5, 8, 24} {
		for _, pat := range [][]byte{{1}, {1, 2, 0, 3, 1}} {
			src := flatMap(3000, pat)
			c := deepCopyPtrMap(src, vp, b)
			check(t, src, c)
			checkPtrSharing(t, src, c)
		}
	}
}

// TestDeepCopyMapLargeNestedSharing: the top-level values skip the memo, but
// objects they point to are still memoized, so two distinct values that
// share a child share one copy of it.
func TestDeepCopyMapLargeNestedSharing(t *testing.T) {
	children := []*inner{{N: 1}, {N: 2, Tags: []string{"x"}}}
	src := map[string]*withChild{}
	for i := range 2000 {
		src[fmt.Sprint(i)] = &withChild{N: i, Child: children[i%2]}
	}
	same := &withChild{N: -1}
	src["a"], src["b"] = same, same
	c := DeepCopyMap(src)
	check(t, src, c)
	checkPtrSharing(t, src, c)
	if c["0"].Child != c["2"].Child || c["1"].Child != c["3"].Child || c["0"].Child == c["1"].Child {
		t.Fatal("children shared in the source are not shared in the copy")
	}
	if c["0"].Child == children[0] {
		t.Fatal("child not copied")
	}
}

// TestDeepCopyMapLargeNamedPointer: a map whose value type is a named
// pointer type.
func TestDeepCopyMapLargeNamedPointer(t *testing.T) {
	src := map[string]namedRecPtr{}
	for k, v := range flatMap(1500, []byte{1, 2, 0}) {
		src[k] = v
	}
	c := DeepCopyMap(src)
	check(t, src, c)
	for k, v := range src {
		if v != nil && c[k] == v {
			t.Fatal("value not copied")
		}
	}
}

func FuzzDeepCopyPtrMap(f *testing.F) {
	f.Add([]byte{1}, uint8(0))
	f.Add([]byte{1, 2, 3, 0}, uint8(3))
	f.Add([]byte{2, 2, 2, 1, 9, 4}, uint8(17))
	f.Fuzz(func(t *testing.T, pat []byte, bits uint8) {
		if len(pat) > 64 {
			pat = pat[:64]
		}
		src := flatMap(1+len(pat)*37, pat)
		vp := planOf(reflect.TypeFor[*flatRec]())
		var c map[string]*flatRec
		if bits == 0 {
			c = DeepCopyMap(src)
		} else {
			c = deepCopyPtrMap(src, vp, uint(bits%20))
		}
		check(t, src, c)
		checkPtrSharing(t, src, c)
	})
}

// TestDeepCopyMapLargeCycles: pointees that lead back to values of the map
// make the type ineligible for the filter, so cycles and sharing through
// them survive.
func TestDeepCopyMapLargeCycles(t *testing.T) {
	src := map[string]*selfRef{}
	var prev *selfRef
	for i := range 1000 {
		n := &selfRef{Next: prev}
		if i%3 == 0 {
			n.Next = n // self-cycle
		}
		src[fmt.Sprint(i)] = n
		prev = n
	}
	c := DeepCopyMap(src)
	check(t, src, c)
	checkPtrSharing(t, src, c)
	for i := 1; i < 1000; i++ {
		k, pk := fmt.Sprint(i), fmt.Sprint(i-1)
		if i%3 == 0 {
			if c[k].Next != c[k] {
				t.Fatalf("self-cycle of %s not preserved", k)
			}
		} else if c[k].Next != c[pk] {
			t.Fatalf("%s.Next is not the copy of %s", k, pk)
		}
	}
}
