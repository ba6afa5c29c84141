package mapsafe

import (
	"math/bits"
	"reflect"
	"unsafe"
)

// The top-level values of a map[K]*E are where the pointer memo costs the
// most compared with a hand-written copy loop: every value is looked up in
// and inserted into a table with one 24-byte entry per value, which for a
// large map is larger than the cache (each lookup a miss) and adds to the
// bytes the GC must scan. Most such maps hold distinct pointers. DeepCopyMap
// therefore first counts, in a compact table of 2-bit counters indexed by
// address (2 to 4 bytes per value, no pointers), how many values fall on
// each counter. A value alone on its
// counter is certainly the only reference to its object among the values
// and, when nothing reachable from E can hold a *E (see ptrDedup), the only
// reference in the whole copy: it is copied without the memo. Values that
// share a counter, whether because they are equal or because two addresses
// collide, go through the memo as before, so sharing is still exact.

// ptrDedup describes a pointer type *E whose top-level occurrences in a
// DeepCopyMap may be deduplicated by a ptrFilter instead of the memo.
type ptrDedup struct {
	elemType reflect.Type
	elem     *plan
	// shift drops the address bits below the object size: two distinct
	// objects of type E are at least E's size apart (unless they overlap,
	// which only makes them collide), so they fall into different units.
	shift uint
}

// newPtrDedup returns the dedup description for the pointer type t, or nil
// when t's pointees could lead to another *E (directly, through an
// interface, or through a special type) so that every *E must be memoized.
func newPtrDedup(t reflect.Type, elem *plan) *ptrDedup {
	et := t.Elem()
	if reaches(et, t, map[reflect.Type]bool{}) {
		return nil
	}
	shift := uint(3)
	if sz := et.Size(); sz > 8 {
		shift = uint(bits.Len64(uint64(sz)) - 1)
	}
	return &ptrDedup{elemType: et, elem: elem, shift: min(shift, 12)}
}

// reaches reports whether a deep copy of a value of type t could visit a
// value of type target. Interfaces can hold anything, so they reach every
// type. Channels, funcs and unsafe.Pointer are shared, never followed, but
// sync/atomic.Pointer[T] is followed through its [0]*T field.
func reaches(t, target reflect.Type, seen map[reflect.Type]bool) bool {
	if t == target {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return reaches(t.Elem(), target, seen)
	case reflect.Map:
		return reaches(t.Key(), target, seen) || reaches(t.Elem(), target, seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if reaches(t.Field(i).Type, target, seen) {
				return true
			}
		}
	}
	return false
}

// ptrFilter counts, per bucket of addresses, how many pointers were added,
// saturating at 2. It holds no pointers, so the GC never scans it.
type ptrFilter struct {
	words  []uint64 // 32 two-bit counters per word
	shift  uint     // address bits dropped (object granularity)
	bits   uint     // log2 of the number of counters
	mask   uintptr
	shared int // number of pointers added to a counter that reached 2
}

// filterBits returns log2 of the number of counters for n pointers:
// between 8n and 16n counters (2n to 4n bytes), so that the counters of
// distinct addresses rarely collide even when the addresses are spread out.
func filterBits(n int) uint { return max(uint(bits.Len(uint(n)))+3, 5) }

// init sets f up with 2^b counters, in buf if it is large enough.
func (f *ptrFilter) init(b, shift uint, buf []uint64) {
	b = max(b, 5)
	if nw := 1 << (b - 5); len(buf) >= nw {
		f.words = buf[:nw]
	} else {
		f.words = make([]uint64, nw)
	}
	f.shift, f.bits, f.mask = shift, b, 1<<b-1
}

// index keeps nearby objects on distinct, nearby counters: within one
// window of 2^bits units the low bits are used as they are, and the window
// number is mixed in by a multiplicative hash.
func (f *ptrFilter) index(addr uintptr) uintptr {
	u := addr >> f.shift
	hi := uint64(u >> f.bits)
	return (u ^ uintptr((hi*0x9e3779b97f4a7c15)>>(64-f.bits))) & f.mask
}

func (f *ptrFilter) add(p unsafe.Pointer) {
	i := f.index(uintptr(p))
	w, sh := &f.words[i>>5], (i&31)*2
	switch (*w >> sh) & 3 {
	case 0:
		*w += 1 << sh
	case 1:
		*w += 1 << sh
		f.shared += 2
	default:
		f.shared++
	}
}

// unique reports whether p was the only pointer added on its counter.
func (f *ptrFilter) unique(p unsafe.Pointer) bool {
	i := f.index(uintptr(p))
	return (f.words[i>>5]>>((i&31)*2))&3 == 1
}

// copyPointee returns a fresh deep copy of the *E at old, without the memo.
func (d *ptrDedup) copyPointee(s *state, old unsafe.Pointer) unsafe.Pointer {
	nw := reflect.New(d.elemType).UnsafePointer()
	typedCopy(d.elemType, d.elem, nw, old)
	if !d.elem.plain {
		d.elem.fix(s, nw)
	}
	return nw
}

// ptrCall is the per-call allocation of deepCopyPtrMap: the state, the
// value being repaired, and the filter with room for the counters of a
// small map.
type ptrCall[V any] struct {
	state  state
	tmp    V
	filter ptrFilter
	small  [4]uint64 // 128 counters: enough for up to 15 values
}

// deepCopyPtrMap is DeepCopyMap for a map whose values are pointers that
// vp.dedup allows to deduplicate. bits, if not 0, overrides the number of
// counters (for tests).
func deepCopyPtrMap[M ~map[K]V, K comparable, V any](m M, vp *plan, bits uint) M {
	d := vp.dedup
	c := &ptrCall[V]{}
	s, tmp, f := &c.state, &c.tmp, &c.filter
	if bits == 0 {
		bits = filterBits(len(m))
	}
	f.init(bits, d.shift, c.small[:])
	for _, v := range m {
		if p := *(*unsafe.Pointer)(unsafe.Pointer(&v)); p != nil {
			f.add(p)
		}
	}
	// The memo holds the values that share a counter and, if the pointees
	// hold pointers, those.
	s.memo.hint = f.shared + 1
	if d.elem.memo {
		s.memo.hint += len(m)
	}
	// No need to register m in the memo: m's values are *E, and nothing
	// reachable from E reaches a *E, so nothing reaches m.
	out := make(M, len(m))
	tp := unsafe.Pointer(tmp)
	for k, v := range m {
		vw := (*unsafe.Pointer)(unsafe.Pointer(&v))
		if p := *vw; p != nil && f.unique(p) {
			*vw = d.copyPointee(s, p)
			out[k] = v
			continue
		}
		*tmp = v
		vp.fix(s, tp)
		out[k] = *tmp
	}
	return out
}
