package mapsafe

import "unsafe"

// memoEntry records that the source object at src, seen as type typ, has
// already been copied to dst. n is the number of elements copied for a
// slice backing array (unused for pointers and maps).
type memoEntry struct {
	src, typ, dst unsafe.Pointer
	n             int
}

// memo is a small open-addressing hash table keyed by (address, type). It is
// cheaper than a Go map here because lookup and insertion share one probe.
// Entries hold unsafe.Pointer values, so the GC keeps both the source and the
// copy alive while a copy is in progress.
type memo struct {
	tab   []memoEntry
	count int
}

func (m *memo) init(hint int) {
	size := 64
	for size < 2*hint {
		size <<= 1
	}
	m.tab = make([]memoEntry, size)
}

func memoHash(src, typ unsafe.Pointer) uintptr {
	h := uint64(uintptr(src)) ^ uint64(uintptr(typ))*0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 29
	return uintptr(h)
}

// slot returns the entry for (src, typ). If entry.src is nil the key is
// absent and the caller must fill the entry (all of src, typ and dst) before
// calling slot again, since slot may grow the table.
func (m *memo) slot(src, typ unsafe.Pointer) *memoEntry {
	if 2*(m.count+1) > len(m.tab) {
		m.grow()
	}
	mask := uintptr(len(m.tab) - 1)
	i := memoHash(src, typ) & mask
	for {
		e := &m.tab[i]
		if e.src == nil {
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
		m.init(0)
		return
	}
	m.tab = make([]memoEntry, 2*len(old))
	mask := uintptr(len(m.tab) - 1)
	for _, e := range old {
		if e.src == nil {
			continue
		}
		i := memoHash(e.src, e.typ) & mask
		for m.tab[i].src != nil {
			i = (i + 1) & mask
		}
		m.tab[i] = e
	}
}
