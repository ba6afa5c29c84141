package mapsafe

import (
	"math/bits"
	"unsafe"
)

// memoEntry records that the source object at address src, seen as the
// type whose *rtype is at typ, has already been copied to dst.
//
// src and typ are plain addresses: the source is kept alive by the caller
// (it must not be mutated during the copy) and types are never freed, so the
// GC need not scan them; only dst, which is converted back to a pointer, is
// an unsafe.Pointer. Go's heap objects do not move, so an address is a
// stable identity for the duration of one copy.
type memoEntry struct {
	src, typ uintptr
	dst      unsafe.Pointer
}

// memo is a small open-addressing hash table keyed by (address, type). It is
// cheaper than a Go map here because lookup and insertion share one probe,
// and it is sized exactly (not to a power of two) to keep it cache-friendly.
// A memo lives for one top-level call.
//
// The table starts in inline storage; hint, if set, sizes the first heap
// table. lens, used only by the slice memo, holds the number of elements
// copied for each entry.
type memo struct {
	tab    []memoEntry
	lens   []int
	count  int
	hint   int
	slices bool
	inline []memoEntry // preallocated first table (memoInline entries), or nil
}

const memoInline = 16

func memoHash(src, typ uintptr) uint64 {
	h := uint64(src) ^ uint64(typ)*0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	return h
}

// index maps a hash to [0, n) by multiply-shift.
func index(h uint64, n int) int {
	hi, _ := bits.Mul64(h, uint64(n))
	return int(hi)
}

// slot returns the index of the entry for (src, typ). If the entry's src is
// 0 the key is absent and the caller must fill the entry (with set) before
// calling slot again, since slot may grow the table.
func (m *memo) slot(srcp, typp unsafe.Pointer) int {
	src, typ := uintptr(srcp), uintptr(typp)
	// keep the table at most 7/10 full
	if 10*(m.count+1) > 7*len(m.tab) {
		m.grow()
	}
	n := len(m.tab)
	i := index(memoHash(src, typ), n)
	for {
		e := &m.tab[i]
		if e.src == 0 {
			m.count++ // the caller fills it
			return i
		}
		if e.src == src && e.typ == typ {
			return i
		}
		if i++; i == n {
			i = 0
		}
	}
}

func (m *memo) grow() {
	old, oldLens := m.tab, m.lens
	size := 2 * len(old)
	if size == 0 {
		size = memoInline
	}
	if h := m.hint*10/7 + 1; len(old) == 0 && h > size {
		size = h
	}
	if size == memoInline && m.inline != nil {
		m.tab = m.inline
		m.inline = nil
	} else {
		m.tab = make([]memoEntry, size)
	}
	if m.slices {
		m.lens = make([]int, size)
	}
	for j, e := range old {
		if e.src == 0 {
			continue
		}
		i := index(memoHash(e.src, e.typ), size)
		for m.tab[i].src != 0 {
			if i++; i == size {
				i = 0
			}
		}
		m.tab[i] = e
		if m.slices {
			m.lens[i] = oldLens[j]
		}
	}
}

func (m *memo) found(i int) bool { return m.tab[i].src != 0 }

func (m *memo) dst(i int) unsafe.Pointer { return m.tab[i].dst }

// set fills the entry at i, returned by slot.
func (m *memo) set(i int, src, typ, dst unsafe.Pointer) {
	m.tab[i] = memoEntry{uintptr(src), uintptr(typ), dst}
}
