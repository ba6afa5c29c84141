package mapsafe

import (
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// A plan says how to deep-copy values of one type. It is computed once per
// type and cached in plans.
//
// The copy protocol is "repair in place": the caller first makes a plain Go
// value copy of the source (so the destination shares every pointer with the
// source), then calls fix on the destination, which replaces each reachable
// piece of mutable memory with a fresh copy. Values of plain types need no
// repair at all.
type plan struct {
	// plain is true when a plain value copy is already a correct deep copy:
	// scalars, strings, and the values mapsafe deliberately shares
	// (channels, funcs, unsafe.Pointer, time.Time, *time.Location, errors),
	// and arrays and structs made only of those.
	plain bool
	// fix repairs a shallow copy in place; nil when plain.
	fix func(s *state, p unsafe.Pointer)

	// structural versions, ignoring a DeepCopy hook on the type itself; used
	// for the top-level argument of DeepCopy so that a DeepCopy method can
	// be implemented with DeepCopy.
	sPlain bool
	sFix   func(s *state, p unsafe.Pointer)

	// noPtr is true when the type's memory holds no pointers at all, so it
	// may be moved with a raw memory copy.
	noPtr bool
	size  uintptr
	// memo is true when copying a value of the type may record objects in
	// the memo (it can reach pointers, maps, interfaces or slices of
	// non-plain elements). When false, no cycle can lead back to an
	// enclosing container through this value.
	memo bool
	// segs is the type's memory layout for typedCopy, or nil to fall back to
	// reflect.Value.Set (for types with too many pieces).
	segs []seg
	// dedup is set for a pointer type without a DeepCopy hook whose
	// pointees cannot lead to another pointer of the same type; see
	// filter.go.
	dedup *ptrDedup
}

// A seg is one piece of a type's memory: a run of pointer-free bytes, or a
// single pointer word.
type seg struct {
	off, size uintptr
	ptr       bool
}

// state is the per-call memory of a deep copy: which source objects were
// already copied, so that sharing and cycles are preserved.
type state struct {
	memo  memo  // pointers and maps
	smemo *memo // slice backing arrays, made on first use
}

func (s *state) sliceMemo() *memo {
	if s.smemo == nil {
		s.smemo = &memo{slices: true, hint: s.memo.hint}
	}
	return s.smemo
}

var plans sync.Map // reflect.Type -> *plan

// planCache is a direct-mapped, lock-free cache in front of plans: a hit
// costs one atomic load and a pointer comparison.
var planCache [256]atomic.Pointer[cachedPlan]

type cachedPlan struct {
	typ unsafe.Pointer
	p   *plan
}

func planOf(t reflect.Type) *plan {
	tk := typeKey(t)
	slot := &planCache[(uintptr(tk)>>4^uintptr(tk)>>12)&255]
	if c := slot.Load(); c != nil && c.typ == tk {
		return c.p
	}
	p := planOfSlow(t)
	slot.Store(&cachedPlan{tk, p})
	return p
}

func planOfSlow(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	b := builder{m: map[reflect.Type]*plan{}}
	p := b.build(t)
	for bt, bp := range b.m {
		plans.LoadOrStore(bt, bp)
	}
	return p
}

type builder struct {
	m map[reflect.Type]*plan
}

var (
	errorType    = reflect.TypeFor[error]()
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[*time.Location]()
	bytesType    = reflect.TypeFor[[]byte]()
	anyType      = reflect.TypeFor[any]()
	syncMapType  = reflect.TypeFor[sync.Map]()
	syncPoolType = reflect.TypeFor[sync.Pool]()
	syncCondType = reflect.TypeFor[sync.Cond]()
	builderType  = reflect.TypeFor[strings.Builder]()
	zeroedTypes  = map[reflect.Type]bool{
		reflect.TypeFor[sync.Mutex]():     true,
		reflect.TypeFor[sync.RWMutex]():   true,
		reflect.TypeFor[sync.WaitGroup](): true,
		reflect.TypeFor[sync.Once]():      true,
	}
)

// typeKey is the identity of a reflect.Type as a pointer (the *rtype inside
// the interface), used in memo keys.
func typeKey(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

func add(p unsafe.Pointer, off uintptr) unsafe.Pointer { return unsafe.Add(p, off) }

func (b *builder) build(t reflect.Type) *plan {
	if p := b.m[t]; p != nil {
		return p
	}
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p := &plan{size: t.Size()}
	b.m[t] = p
	p.noPtr = noPointers(t)
	if !p.noPtr {
		p.segs = layout(t)
	}
	b.fillStructural(p, t)
	p.memo = b.usesMemo(t, p)
	p.sPlain, p.sFix = p.plain, p.fix
	if idx, ok := hookMethod(t); ok {
		p.plain = false
		p.fix = hookFix(t, idx)
		p.memo = true
	} else if t.Kind() == reflect.Pointer && !p.plain {
		p.dedup = newPtrDedup(t, b.build(t.Elem()))
	}
	return p
}

// usesMemo computes plan.memo for t, whose structural plan p is filled.
func (b *builder) usesMemo(t reflect.Type, p *plan) bool {
	if p.plain || zeroedTypes[t] {
		return false
	}
	if isAtomicPointer(t) || t == syncMapType || t == syncCondType {
		return true
	}
	if t == syncPoolType || t == builderType {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Interface:
		return true
	case reflect.Slice:
		return t != bytesType && !b.build(t.Elem()).plain
	case reflect.Array:
		return b.build(t.Elem()).memo
	case reflect.Struct:
		for i := range t.NumField() {
			if b.build(t.Field(i).Type).memo {
				return true
			}
		}
		return false
	}
	return true // special types (atomic.Pointer, ...): be safe
}

// noPointers reports whether values of t contain no pointers in the GC sense.
func noPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return t.Len() == 0 || noPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !noPointers(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// hookMethod reports whether t has a method DeepCopy() t (exactly its own
// type) and returns its index. Interface types never use the hook.
func hookMethod(t reflect.Type) (int, bool) {
	if t.Kind() == reflect.Interface {
		return 0, false
	}
	m, ok := t.MethodByName("DeepCopy")
	if !ok {
		return 0, false
	}
	mt := m.Type // includes the receiver
	if mt.NumIn() != 1 || mt.NumOut() != 1 || mt.Out(0) != t || mt.IsVariadic() {
		return 0, false
	}
	return m.Index, true
}

func (b *builder) fillStructural(p *plan, t reflect.Type) {
	switch {
	case t == timeType || t == locationType:
		p.plain = true
		return
	case t.Implements(errorType):
		// Errors are kept as they are so that errors.Is and errors.As keep
		// matching sentinel values and wrapped chains.
		p.plain = true
		return
	case zeroedTypes[t]:
		p.fix = zeroFix(t, p.noPtr)
		return
	case isAtomicPointer(t):
		p.fix = b.atomicPointerFix(t)
		return
	case t == syncMapType:
		p.fix = syncMapFix
		return
	case t == syncPoolType:
		p.fix = syncPoolFix
		return
	case t == syncCondType:
		p.fix = syncCondFix
		return
	case t == builderType:
		p.fix = builderFix
		return
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128,
		reflect.String, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		p.plain = true
	case reflect.Array:
		e := b.build(t.Elem())
		if t.Len() == 0 || e.plain {
			p.plain = true
			return
		}
		n, size := t.Len(), t.Elem().Size()
		p.fix = func(s *state, ptr unsafe.Pointer) {
			for i := range n {
				e.fix(s, add(ptr, uintptr(i)*size))
			}
		}
	case reflect.Struct:
		type field struct {
			off uintptr
			p   *plan
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			fp := b.build(f.Type)
			if !fp.plain {
				fields = append(fields, field{f.Offset, fp})
			}
		}
		if len(fields) == 0 {
			p.plain = true
			return
		}
		if len(fields) == 1 {
			f := fields[0]
			p.fix = func(s *state, ptr unsafe.Pointer) { f.p.fix(s, add(ptr, f.off)) }
			return
		}
		p.fix = func(s *state, ptr unsafe.Pointer) {
			for _, f := range fields {
				f.p.fix(s, add(ptr, f.off))
			}
		}
	case reflect.Pointer:
		p.fix = pointerFix(t, b.build(t.Elem()))
	case reflect.Slice:
		if t == bytesType {
			p.fix = bytesFix
			return
		}
		p.fix = sliceFix(t, b.build(t.Elem()))
	case reflect.Map:
		p.fix = b.mapFix(t)
	case reflect.Interface:
		if t == anyType {
			p.fix = anyFix
			return
		}
		p.fix = ifaceFix(t)
	}
}

const maxSegs = 16

// layout returns the pieces of t's memory, merged, or nil if there are more
// than maxSegs.
func layout(t reflect.Type) []seg {
	var segs []seg
	ok := true
	raw := func(off, size uintptr) {
		if size == 0 {
			return
		}
		if n := len(segs); n > 0 && !segs[n-1].ptr && segs[n-1].off+segs[n-1].size == off {
			segs[n-1].size += size
			return
		}
		segs = append(segs, seg{off: off, size: size})
	}
	word := unsafe.Sizeof(uintptr(0))
	var walk func(t reflect.Type, base uintptr)
	walk = func(t reflect.Type, base uintptr) {
		if !ok {
			return
		}
		if len(segs) > maxSegs {
			ok = false
			return
		}
		if noPointers(t) {
			raw(base, t.Size())
			return
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			segs = append(segs, seg{off: base, size: word, ptr: true})
		case reflect.String:
			segs = append(segs, seg{off: base, size: word, ptr: true})
			raw(base+word, word)
		case reflect.Slice:
			segs = append(segs, seg{off: base, size: word, ptr: true})
			raw(base+word, 2*word)
		case reflect.Interface:
			segs = append(segs, seg{off: base, size: word, ptr: true}, seg{off: base + word, size: word, ptr: true})
		case reflect.Array:
			es := t.Elem().Size()
			for i := range t.Len() {
				walk(t.Elem(), base+uintptr(i)*es)
			}
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				walk(f.Type, base+f.Offset)
			}
		default:
			ok = false
		}
	}
	walk(t, 0)
	if !ok || len(segs) > maxSegs {
		return nil
	}
	return segs
}

// Standard library types whose representation cannot be copied field by
// field: sync.Map's trie relies on unsafe type punning, sync.Pool holds
// per-P arrays behind unsafe.Pointer, and sync.Cond and strings.Builder
// check their own address.

// syncMapFix rebuilds a sync.Map: the shallow copy at p still reads the
// source's trie, so its entries are collected first, then the copy is reset
// and refilled with the same keys and deep-copied values.
func syncMapFix(s *state, p unsafe.Pointer) {
	m := (*sync.Map)(p)
	var entries []any
	m.Range(func(k, v any) bool {
		entries = append(entries, k, v)
		return true
	})
	reflect.NewAt(syncMapType, p).Elem().SetZero()
	for i := 0; i < len(entries); i += 2 {
		v := entries[i+1]
		anyFix(s, unsafe.Pointer(&v))
		m.Store(entries[i], v)
	}
}

// syncPoolFix gives the copy an empty pool with the same New function.
func syncPoolFix(_ *state, p unsafe.Pointer) {
	pool := (*sync.Pool)(p)
	newFn := pool.New
	reflect.NewAt(syncPoolType, p).Elem().SetZero()
	pool.New = newFn
}

// syncCondFix gives the copy a fresh Cond (no waiters) whose L is a deep
// copy of the source's L.
func syncCondFix(s *state, p unsafe.Pointer) {
	c := (*sync.Cond)(p)
	l := c.L
	if l != nil {
		ifaceCopy(s, reflect.ValueOf(&l).Elem())
	}
	reflect.NewAt(syncCondType, p).Elem().SetZero()
	c.L = l
}

// builderFix gives the copy its own buffer with the same contents.
func builderFix(_ *state, p unsafe.Pointer) {
	b := (*strings.Builder)(p)
	str := b.String()
	reflect.NewAt(builderType, p).Elem().SetZero()
	b.WriteString(str)
}

func isAtomicPointer(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == "sync/atomic" && strings.HasPrefix(t.Name(), "Pointer[")
}

// typedCopy copies one value of type t (with plan p) from src to dst.
// Pointer words are written through *unsafe.Pointer, so the compiler emits
// the GC write barriers a typed copy needs; pointer-free runs are moved
// as bytes.
func typedCopy(t reflect.Type, p *plan, dst, src unsafe.Pointer) {
	if p.noPtr {
		if p.size > 0 {
			copy(unsafe.Slice((*byte)(dst), p.size), unsafe.Slice((*byte)(src), p.size))
		}
		return
	}
	if p.segs == nil {
		reflect.NewAt(t, dst).Elem().Set(reflect.NewAt(t, src).Elem())
		return
	}
	for _, sg := range p.segs {
		d, s := add(dst, sg.off), add(src, sg.off)
		switch {
		case sg.ptr:
			*(*unsafe.Pointer)(d) = *(*unsafe.Pointer)(s)
		case sg.size <= 64 && sg.size%8 == 0 && sg.off%8 == 0:
			// small aligned run: plain word copies beat a memmove call
			for i := uintptr(0); i < sg.size; i += 8 {
				*(*uint64)(add(d, i)) = *(*uint64)(add(s, i))
			}
		default:
			copy(unsafe.Slice((*byte)(d), sg.size), unsafe.Slice((*byte)(s), sg.size))
		}
	}
}

func zeroFix(t reflect.Type, noPtr bool) func(*state, unsafe.Pointer) {
	size := t.Size()
	return func(_ *state, p unsafe.Pointer) {
		if noPtr {
			clear(unsafe.Slice((*byte)(p), size))
			return
		}
		reflect.NewAt(t, p).Elem().SetZero()
	}
}

// atomicPointerFix handles sync/atomic.Pointer[T]: its unsafe.Pointer word is
// really a *T, so it is deep-copied like one (the copy keeps its value, but
// in fresh memory).
func (b *builder) atomicPointerFix(t reflect.Type) func(*state, unsafe.Pointer) {
	var ptrType reflect.Type
	var off uintptr
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() == reflect.Array && f.Type.Elem().Kind() == reflect.Pointer {
			ptrType = f.Type.Elem()
		}
		if f.Type.Kind() == reflect.UnsafePointer {
			off, found = f.Offset, true
		}
	}
	if ptrType == nil || !found {
		return func(*state, unsafe.Pointer) {} // unknown layout: share
	}
	pp := b.build(ptrType)
	return func(s *state, p unsafe.Pointer) { pp.fix(s, add(p, off)) }
}

func pointerFix(t reflect.Type, elem *plan) func(*state, unsafe.Pointer) {
	et := t.Elem()
	tk := typeKey(t)
	return func(s *state, p unsafe.Pointer) {
		old := *(*unsafe.Pointer)(p)
		if old == nil {
			return
		}
		e := s.memo.slot(old, tk)
		if s.memo.found(e) {
			*(*unsafe.Pointer)(p) = s.memo.dst(e)
			return
		}
		nw := reflect.New(et).UnsafePointer()
		s.memo.set(e, old, tk, nw)
		typedCopy(et, elem, nw, old)
		if !elem.plain {
			elem.fix(s, nw)
		}
		*(*unsafe.Pointer)(p) = nw
	}
}

// sliceHeader is the runtime layout of a slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func bytesFix(_ *state, p unsafe.Pointer) {
	b := *(*[]byte)(p)
	if b == nil {
		return
	}
	nb := make([]byte, len(b))
	copy(nb, b)
	*(*[]byte)(p) = nb
}

func sliceFix(t reflect.Type, elem *plan) func(*state, unsafe.Pointer) {
	et := t.Elem()
	size := et.Size()
	tk := typeKey(t)
	return func(s *state, p unsafe.Pointer) {
		h := (*sliceHeader)(p)
		if h.data == nil {
			return
		}
		n := h.len
		e := -1
		if !elem.plain {
			// Elements may lead back to this slice: memoize the backing
			// array so that cycles and sharing are preserved.
			sm := s.sliceMemo()
			e = sm.slot(h.data, tk)
			if sm.found(e) && n <= sm.lens[e] {
				h.data, h.cap = sm.dst(e), sm.lens[e]
				return
			}
		}
		nv := reflect.MakeSlice(t, n, n)
		nd := nv.UnsafePointer()
		if e >= 0 {
			s.smemo.set(e, h.data, tk, nd)
			s.smemo.lens[e] = n
		}
		if elem.noPtr {
			if n > 0 && size > 0 {
				copy(unsafe.Slice((*byte)(nd), uintptr(n)*size), unsafe.Slice((*byte)(h.data), uintptr(n)*size))
			}
		} else {
			reflect.Copy(nv, reflect.NewAt(t, p).Elem())
		}
		if !elem.plain {
			for i := range n {
				elem.fix(s, add(nd, uintptr(i)*size))
			}
		}
		h.data, h.cap = nd, n
	}
}

func (b *builder) mapFix(t reflect.Type) func(*state, unsafe.Pointer) {
	if t == reflect.TypeFor[map[string]any]() {
		return func(s *state, p unsafe.Pointer) {
			m := (*map[string]any)(p)
			*m = s.copyMSA(*m)
		}
	}
	kt, vt := t.Key(), t.Elem()
	vp := b.build(vt)
	tk := typeKey(t)
	return func(s *state, p unsafe.Pointer) {
		old := *(*unsafe.Pointer)(p)
		if old == nil {
			return
		}
		e := s.memo.slot(old, tk)
		if s.memo.found(e) {
			*(*unsafe.Pointer)(p) = s.memo.dst(e)
			return
		}
		src := reflect.NewAt(t, p).Elem()
		dst := reflect.MakeMapWithSize(t, src.Len())
		nw := dst.UnsafePointer()
		s.memo.set(e, old, tk, nw)
		k := reflect.New(kt).Elem()
		v := reflect.New(vt).Elem()
		vaddr := v.Addr().UnsafePointer()
		it := src.MapRange()
		for it.Next() {
			k.SetIterKey(it)
			v.SetIterValue(it)
			if !vp.plain {
				vp.fix(s, vaddr)
			}
			dst.SetMapIndex(k, v)
		}
		*(*unsafe.Pointer)(p) = nw
	}
}

var (
	msaKey = typeKey(reflect.TypeFor[map[string]any]())
	saKey  = typeKey(reflect.TypeFor[[]any]())
)

// copyMSA is the fast path for JSON-like map[string]any trees.
func (s *state) copyMSA(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	old := *(*unsafe.Pointer)(unsafe.Pointer(&m))
	e := s.memo.slot(old, msaKey)
	if s.memo.found(e) {
		d := s.memo.dst(e)
		return *(*map[string]any)(unsafe.Pointer(&d))
	}
	out := make(map[string]any, len(m))
	s.memo.set(e, old, msaKey, *(*unsafe.Pointer)(unsafe.Pointer(&out)))
	for k, v := range m {
		out[k] = s.copyAny(v)
	}
	return out
}

// copySA is the fast path for []any inside JSON-like trees.
func (s *state) copySA(a []any) []any {
	if a == nil {
		return nil
	}
	h := (*sliceHeader)(unsafe.Pointer(&a))
	sm := s.sliceMemo()
	e := sm.slot(h.data, saKey)
	if sm.found(e) && len(a) <= sm.lens[e] {
		return unsafe.Slice((*any)(sm.dst(e)), sm.lens[e])[:len(a)]
	}
	out := make([]any, len(a))
	sm.set(e, h.data, saKey, unsafe.Pointer(unsafe.SliceData(out)))
	sm.lens[e] = len(a)
	for i, v := range a {
		out[i] = s.copyAny(v)
	}
	return out
}

func (s *state) copyAny(v any) any {
	switch x := v.(type) {
	case nil, string, float64, bool, int, int64, float32, int32, uint, uint64:
		return v
	case map[string]any:
		return s.copyMSA(x)
	case []any:
		return s.copySA(x)
	}
	return copyAnySlow(s, v)
}

// copyAnySlow is split out so that only the general path makes v escape.
func copyAnySlow(s *state, v any) any {
	anyGeneral(s, unsafe.Pointer(&v))
	return v
}

func anyFix(s *state, p unsafe.Pointer) {
	v := (*any)(p)
	switch x := (*v).(type) {
	case nil, string, float64, bool, int, int64, float32, int32, uint, uint64:
	case map[string]any:
		*v = s.copyMSA(x)
	case []any:
		*v = s.copySA(x)
	default:
		anyGeneral(s, p)
	}
}

func anyGeneral(s *state, p unsafe.Pointer) { ifaceCopy(s, reflect.NewAt(anyType, p).Elem()) }

func ifaceFix(t reflect.Type) func(*state, unsafe.Pointer) {
	return func(s *state, p unsafe.Pointer) {
		ifaceCopy(s, reflect.NewAt(t, p).Elem())
	}
}

// ifaceCopy deep-copies the dynamic value held by the settable interface
// value v, in place.
func ifaceCopy(s *state, v reflect.Value) {
	if v.IsNil() {
		return
	}
	c := v.Elem()
	ct := c.Type()
	cp := planOf(ct)
	if cp.plain {
		return // immutable once boxed, or deliberately shared
	}
	if k := ct.Kind(); k == reflect.Pointer || k == reflect.Map {
		// Pointer-shaped: the interface's data word is the pointer itself,
		// so repair it in place.
		data := add(v.Addr().UnsafePointer(), unsafe.Sizeof(uintptr(0)))
		cp.fix(s, data)
		return
	}
	nv := reflect.New(ct)
	nv.Elem().Set(c)
	cp.fix(s, nv.UnsafePointer())
	v.Set(nv.Elem())
}

func hookFix(t reflect.Type, idx int) func(*state, unsafe.Pointer) {
	k := t.Kind()
	nilable := k == reflect.Pointer || k == reflect.Map || k == reflect.Slice ||
		k == reflect.Chan || k == reflect.Func || k == reflect.Interface
	memoized := k == reflect.Pointer || k == reflect.Map
	tk := typeKey(t)
	return func(s *state, p unsafe.Pointer) {
		v := reflect.NewAt(t, p).Elem()
		if nilable && v.IsNil() {
			return
		}
		var old unsafe.Pointer
		if memoized {
			old = *(*unsafe.Pointer)(p)
			e := s.memo.slot(old, tk)
			if s.memo.found(e) {
				*(*unsafe.Pointer)(p) = s.memo.dst(e)
				return
			}
			// Reserve the entry now; the hook gets its own state, so
			// nothing else touches s.memo before we fill it in.
			s.memo.set(e, old, tk, nil)
			r := v.Method(idx).Call(nil)[0]
			v.Set(r)
			s.memo.tab[e].dst = *(*unsafe.Pointer)(p)
			return
		}
		v.Set(v.Method(idx).Call(nil)[0])
	}
}
