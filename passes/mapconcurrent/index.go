package mapconcurrent

// Indexes of map accesses by map and lock set: parent() and siblings()
// look up the accesses that can conflict with one instead of pairing every
// goroutine start with every instruction or every other start (quadratic in
// functions with thousands of starts).

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
	"github.com/mapguard/mapguard/internal/mapaccess"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/ssa"
)

// indexed is an access of a starting function, with its instruction and its
// place in the function (seq: block order, then instruction order, then the
// order of the instruction's accesses).
type indexed struct {
	mapaccess.Access
	instr ssa.Instruction
	seq   int
}

// accessClass is a set of accesses of one map that conflict with exactly
// the same accesses: same map, both writes or both not, same locks.
type accessClass struct {
	rep     mapaccess.Access
	members []*indexed // in seq order
	// byBlock: per block, the members' indexes into members, in
	// instruction order.
	byBlock map[*ssa.BasicBlock][]int
}

// first returns the member that comes first in goroutines.After(site, nil),
// its rank, and whether any member is there.
func (cl *accessClass) first(o *goroutines.Order, site ssa.Instruction) (*indexed, int64, bool) {
	// A member later in site's own block, before any join, comes first.
	is := o.Index(site)
	in := cl.byBlock[site.Block()]
	k := sort.Search(len(in), func(i int) bool { return o.Index(cl.members[in[i]].instr) > is })
	if k < len(in) {
		if rank, ok := o.Rank(site, cl.members[in[k]].instr, nil); ok {
			return cl.members[in[k]], rank, true
		}
	}
	var best *indexed
	var bestRank int64
	for _, p := range cl.members {
		rank, ok := o.Rank(site, p.instr, nil)
		if ok && (best == nil || rank < bestRank) {
			best, bestRank = p, rank
		}
	}
	return best, bestRank, best != nil
}

// accessIndex groups a function's map accesses (deferred calls excluded)
// by map key into conflict classes.
type accessIndex struct {
	byKey map[string][]*accessClass
}

func (c *checker) parentIndex(fn *ssa.Function) *accessIndex {
	if idx, ok := c.pindex[fn]; ok {
		return idx
	}
	idx := &accessIndex{byKey: make(map[string][]*accessClass)}
	classes := make(map[string]*accessClass)
	seq := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Defer); ok {
				continue
			}
			for _, a := range c.res.At(instr) {
				p := &indexed{Access: a, instr: instr, seq: seq}
				seq++
				key := pathKey(a.Path)
				ck := classKey(key, a)
				cl, ok := classes[ck]
				if !ok {
					cl = &accessClass{rep: a, byBlock: make(map[*ssa.BasicBlock][]int)}
					classes[ck] = cl
					idx.byKey[key] = append(idx.byKey[key], cl)
				}
				cl.byBlock[b] = append(cl.byBlock[b], len(cl.members))
				cl.members = append(cl.members, p)
			}
		}
	}
	c.pindex[fn] = idx
	return idx
}

// classKey identifies the conflict class of an access of the map key.
func classKey(key string, a mapaccess.Access) string {
	var b strings.Builder
	b.WriteString(key)
	if a.Kind == mapaccess.Write {
		b.WriteString("\x00W")
	} else {
		b.WriteString("\x00R")
	}
	for _, l := range a.Locks {
		fmt.Fprintf(&b, "\x00%s\x01%s\x01%v", pathKey(l.Path), l.Type, l.Shared)
	}
	return b.String()
}

func pathKey(p mapref.Path) string {
	if !p.Valid() {
		return "?"
	}
	return p.Key()
}
