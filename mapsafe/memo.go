package mapsafe

import "unsafe"

// memoEntry records that the source object at address src, seen as the
// type whose *rtype is at typ, has already been copied to dst. n is the
// number of elements copied for a slice backing array (unused for pointers
// and maps).
//
// src and typ are plain addresses: the source is kept alive by the caller
// (it must not be mutated during the copy) and types are never freed, so the
// GC need not scan them; only dst, which is converted back to a pointer, is
// an unsafe.Pointer. Go's heap objects do not move, so an address is a
// stable identity for the duration of one copy.
type memoEntry struct {
	src, typ uintptr
	dst      unsafe.Pointer
	n        int
}

// memo is a small open-addressing hash table keyed by (address, type). It is
// cheaper than a Go map here because lookup and insertion share one probe.
// A memo lives for one top-level call.
type memo struct {
	tab   []memoEntry
	count int
	hint  int // expected number of entries, for the first allocation
}

// The table is kept at most 3/4 full.
func (m *memo) init(hint int) {
	size := 64
	for size*3 < hint*4 {
		size <<= 1
	}
	m.tab = make([]memoEntry, size)
}

func memoHash(src, typ uintptr) uintptr {
	h := uint64(src) ^ uint64(typ)*0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	return uintptr(h)
}

// slot returns the entry for (src, typ). If entry.src is 0 the key is
// absent and the caller must fill the entry (with set) before calling slot
// again, since slot may grow the table.
func (m *memo) slot(srcp, typp unsafe.Pointer) *memoEntry {
	src, typ := uintptr(srcp), uintptr(typp)
	if 4*(m.count+1) > 3*len(m.tab) {
		m.grow()
	}
	mask := uintptr(len(m.tab) - 1)
	i := memoHash(src, typ) & mask
	for {
		e := &m.tab[i]
		if e.src == 0 {
			m.count++ // the caller fills it
			return e
		}
		if e.src == src && e.typ == typ {
			return e
		}
		i = (i + 1) & mask
	}
}

func (m *memo) grow() {
	old := m.tab
	if len(old) == 0 {
		m.init(m.hint)
		return
	}
	m.tab = make([]memoEntry, 2*len(old))
	mask := uintptr(len(m.tab) - 1)
	for _, e := range old {
		if e.src == 0 {
			continue
		}
		i := memoHash(e.src, e.typ) & mask
		for m.tab[i].src != 0 {
			i = (i + 1) & mask
		}
		m.tab[i] = e
	}
}

// set fills an entry returned by slot.
func (e *memoEntry) set(src, typ, dst unsafe.Pointer) {
	e.src, e.typ, e.dst = uintptr(src), uintptr(typ), dst
}

// found reports whether slot found an existing entry.
func (e *memoEntry) found() bool { return e.src != 0 }
