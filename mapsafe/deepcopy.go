package mapsafe

import (
	"maps"
	"reflect"
	"unsafe"
)

// DeepCopyMap returns a deep copy of m: a new map with the same keys whose
// values share no mutable memory with m, so that writes through the copy
// can never be observed through m, and vice versa.
//
// The rules, which also apply to DeepCopy:
//
//   - A nil map, slice, pointer or interface is copied as nil, at any depth;
//     an empty non-nil map or slice is copied as an empty non-nil one.
//   - Map keys are never copied: the copy of a map[*T]V holds the very same
//     *T keys, so lookups with the original keys keep working.
//   - Pointers, maps and slice backing arrays are memoized for the
//     duration of one call: a cycle (m["self"] = m) is copied as the same
//     cycle, and two places that share one object in the source share one
//     copy of it in the result. Slices whose elements need no deep copy
//     (such as []byte, []int or []string) are not memoized: two slices
//     aliasing one such array get separate copies, which is cheaper, cannot
//     break a cycle, and still never shares memory.
//     A slice copy has cap equal to its len.
//   - Unexported struct fields are copied like exported ones.
//   - sync.Mutex, sync.RWMutex, sync.WaitGroup and sync.Once are reset to
//     their zero value in the copy (unlocked, not waiting, not done).
//     sync/atomic types keep their value (atomic.Pointer and atomic.Value
//     deep-copy what they hold). A sync.Map is rebuilt with the same keys
//     and deep-copied values; a sync.Pool becomes an empty pool with the
//     same New; a sync.Cond gets no waiters and a deep copy of its L; a
//     strings.Builder gets its own buffer.
//   - Channels, funcs and unsafe.Pointer values are shared, as are
//     time.Time, *time.Location and every value whose type implements
//     error, so that errors.Is and errors.As keep matching sentinel errors.
//   - Strings and values of types without pointers are copied by value; if
//     the value type V of m holds no mutable memory at all, DeepCopyMap is
//     maps.Clone. Whether a type needs more than that is decided once per
//     type and cached.
//   - A value whose type T has a method DeepCopy() T is copied by calling
//     that method (see DeepCopy for the exact rule). Give types that check
//     their own address or rely on unsafe type punning such a method.
//   - A pointer into the middle of another copied object (&s.f, &a[3]) is
//     copied on its own: it does not point into the copy of s or a.
//
// DeepCopyMap reads m without synchronization: m must not be written
// concurrently.
func DeepCopyMap[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return nil
	}
	vp := planOf(reflect.TypeFor[V]())
	if vp.plain {
		return maps.Clone(m)
	}
	if vp.dedup != nil {
		return deepCopyPtrMap(m, vp, 0)
	}
	// One allocation holds the per-call state, the value being repaired
	// and, when values can reach memoized objects, the first memo table.
	var s *state
	var tmp *V
	if vp.memo {
		c := &callMemo[V]{}
		s, tmp = &c.state, &c.tmp
		s.memo.inline = c.inline[:]
	} else {
		c := &call[V]{}
		s, tmp = &c.state, &c.tmp
	}
	s.memo.hint = len(m) + 1 // the heap table itself is made on first use
	out := make(M, len(m))
	if vp.memo {
		// The values may lead back to m: register it so that the cycle
		// ends at out.
		mp := *(*unsafe.Pointer)(unsafe.Pointer(&m))
		tk := typeKey(reflect.TypeFor[M]())
		s.memo.set(s.memo.slot(mp, tk), mp, tk, *(*unsafe.Pointer)(unsafe.Pointer(&out)))
	}
	tp := unsafe.Pointer(tmp)
	for k, v := range m {
		*tmp = v
		vp.fix(s, tp)
		out[k] = *tmp
	}
	return out
}

// call and callMemo are the per-call allocations of DeepCopyMap.
type call[V any] struct {
	state state
	tmp   V
}

type callMemo[V any] struct {
	state  state
	tmp    V
	inline [memoInline]memoEntry
}

// DeepCopyMapFunc returns a copy of m in which every value is replaced by
// clone(value). Keys are not copied. A nil m gives nil. clone is responsible
// for the depth of the copy; use it when the values need a copy that
// DeepCopy cannot infer, or to skip reflection entirely on a hot path.
func DeepCopyMapFunc[M ~map[K]V, K comparable, V any](m M, clone func(V) V) M {
	if m == nil {
		return nil
	}
	out := make(M, len(m))
	for k, v := range m {
		out[k] = clone(v)
	}
	return out
}

// DeepCopy returns a deep copy of v following the rules documented on
// DeepCopyMap.
//
// The DeepCopy hook: a value of type T whose method set contains
// DeepCopy() T, returning exactly T, is copied by calling that method
// instead of by reflection. For Kubernetes-style pointer methods,
// func (*X) DeepCopy() *X, this means every non-nil *X reached inside v is
// copied with its method (the result is memoized, so two references to one
// *X still share one copy). The hook is used for every such value reached
// inside v, including the values of a map given to DeepCopyMap, but not for
// v itself: so a type may implement its method as
//
//	func (c *Config) DeepCopy() *Config { return mapsafe.DeepCopy(c) }
//
// Nil pointers, maps, slices and interfaces are copied as nil without calling
// the method. A method with any other signature (for example one returning
// an interface, or a promoted method of an embedded field that returns the
// embedded type) is ignored. Cycles that pass through a hooked value are the
// hook's responsibility.
func DeepCopy[T any](v T) T {
	p := planOf(reflect.TypeFor[T]())
	if p.sPlain {
		return v
	}
	s := &state{}
	p.sFix(s, unsafe.Pointer(&v))
	return v
}
