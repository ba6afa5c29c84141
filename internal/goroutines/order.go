package goroutines

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Order answers the ordering questions of one function (After, Repeats,
// waitsAfter) without walking the function once per question: a function
// with thousands of goroutine starts (generated test code) would otherwise
// cost time quadratic in its size. It indexes every instruction's position
// once and memoizes, per block, the blocks a walk from that block's
// successors enters; each question then costs a map lookup and a binary
// search. Answers are exactly those of the walking functions.
//
// An Order is not safe for concurrent use; checks keep one per function
// (see Orders).
type Order struct {
	fn    *ssa.Function
	rule  Joins
	idx   map[ssa.Instruction]int
	joins [][]int // per block index: indexes of its join instructions, ascending
	reach map[reachKey]map[*ssa.BasicBlock]int
	waits map[*ssa.BasicBlock]bool
	// strongly connected components of the block graph, built on demand
	scc     []int // per block index
	sccSize []int
}

type reachKey struct {
	from, stop *ssa.BasicBlock
	yield      bool
}

// NewOrder indexes fn under the default join rule.
func NewOrder(fn *ssa.Function) *Order {
	return NewOrderJoins(fn, Joins{})
}

// NewOrderJoins indexes fn under the join rule j.
func NewOrderJoins(fn *ssa.Function, j Joins) *Order {
	o := &Order{
		fn:    fn,
		rule:  j,
		idx:   make(map[ssa.Instruction]int),
		joins: make([][]int, len(fn.Blocks)),
		reach: make(map[reachKey]map[*ssa.BasicBlock]int),
		waits: make(map[*ssa.BasicBlock]bool),
	}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			o.idx[instr] = i
			if j.Is(instr) {
				o.joins[b.Index] = append(o.joins[b.Index], i)
			}
		}
	}
	return o
}

// Orders keeps one Order per function, all under one join rule.
type Orders struct {
	Joins Joins
	m     map[*ssa.Function]*Order
}

// Of returns fn's Order, building it on first use.
func (m *Orders) Of(fn *ssa.Function) *Order {
	o, ok := m.m[fn]
	if !ok {
		o = NewOrderJoins(fn, m.Joins)
		if m.m == nil {
			m.m = make(map[*ssa.Function]*Order)
		}
		m.m[fn] = o
	}
	return o
}

// Index returns instr's position in its block, or -1.
func (o *Order) Index(instr ssa.Instruction) int {
	if i, ok := o.idx[instr]; ok {
		return i
	}
	return -1
}

// joinAfter returns the index of the first join of b after position i, or
// len(b.Instrs).
func (o *Order) joinAfter(b *ssa.BasicBlock, i int) int {
	js := o.joins[b.Index]
	k := sort.SearchInts(js, i+1)
	if k < len(js) {
		return js[k]
	}
	return len(b.Instrs)
}

// firstJoin returns the index of b's first join, or len(b.Instrs).
func (o *Order) firstJoin(b *ssa.BasicBlock) int {
	if js := o.joins[b.Index]; len(js) > 0 {
		return js[0]
	}
	return len(b.Instrs)
}

// reached returns the blocks a walk from from's successors enters, with the
// order in which it enters them: a block other than from is walked through
// when it holds no join; from itself (re-entered through a loop) and stop
// are not walked through (stop is not entered at all). With yield, a block
// ending in a return also leads back to the entry block (the body of a
// range-over-func loop runs again for the next element).
func (o *Order) reached(from, stop *ssa.BasicBlock, yield bool) map[*ssa.BasicBlock]int {
	k := reachKey{from, stop, yield}
	if r, ok := o.reach[k]; ok {
		return r
	}
	r := make(map[*ssa.BasicBlock]int)
	var w walk
	w.push(from)
	if yield && endsInReturn(from) {
		w.pushEdge(o.fn.Blocks[0], from)
	}
	for s := w.pop(); s != nil; s = w.pop() {
		if s == stop {
			continue
		}
		w.visit(s)
		r[s] = len(r)
		if s == from || len(o.joins[s.Index]) > 0 {
			continue
		}
		w.push(s)
		if yield && endsInReturn(s) {
			w.pushEdge(o.fn.Blocks[0], s)
		}
	}
	o.reach[k] = r
	return r
}

// InAfter reports whether t is among After(site, stop) (stop: at most one
// block, or nil). site and t belong to o's function.
func (o *Order) InAfter(site, t ssa.Instruction, stop *ssa.BasicBlock) bool {
	_, ok := o.rank(site, t, stop)
	return ok
}

// Rank returns t's position in the sequence After(site, stop) returns, for
// comparing two instructions of that sequence, and whether t is in it.
func (o *Order) Rank(site, t ssa.Instruction, stop *ssa.BasicBlock) (int64, bool) {
	return o.rank(site, t, stop)
}

func (o *Order) rank(site, t ssa.Instruction, stop *ssa.BasicBlock) (int64, bool) {
	bs, bt := site.Block(), t.Block()
	is, it := o.Index(site), o.Index(t)
	if is < 0 || it < 0 {
		return 0, false
	}
	ja := o.joinAfter(bs, is)
	if bt == bs && it > is && it < ja {
		return int64(it), true
	}
	if ja < len(bs.Instrs) {
		return 0, false // the suffix waits: nothing further runs unordered
	}
	n, ok := o.reached(bs, stop, false)[bt]
	if !ok {
		return 0, false
	}
	limit := o.firstJoin(bt)
	if bt == bs {
		limit = min(limit, is)
	}
	if it >= limit {
		return 0, false
	}
	return int64(n+1)<<32 | int64(it), true
}

// Repeats is the package-level Repeats, answered from the index.
func (o *Order) Repeats(site ssa.Instruction) bool {
	b := site.Block()
	i := o.Index(site)
	if i < 0 {
		return repeats(site, o.rule)
	}
	if o.joinAfter(b, i) < len(b.Instrs) {
		return false
	}
	if _, ok := o.reached(b, nil, isYield(o.fn))[b]; !ok {
		return false
	}
	return o.firstJoin(b) >= i
}

// WaitsAfter reports whether a join is reachable from site in its function
// (see waitsAfter).
func (o *Order) WaitsAfter(site ssa.Instruction) bool {
	b := site.Block()
	i := o.Index(site)
	if i < 0 {
		return waitsAfterJoins(site, o.rule)
	}
	if o.joinAfter(b, i) < len(b.Instrs) {
		return true
	}
	w, ok := o.waits[b]
	if !ok {
		seen := make(map[*ssa.BasicBlock]bool)
		work := append([]*ssa.BasicBlock(nil), b.Succs...)
		for len(work) > 0 && !w {
			s := work[len(work)-1]
			work = work[:len(work)-1]
			if seen[s] {
				continue
			}
			seen[s] = true
			w = len(o.joins[s.Index]) > 0
			work = append(work, s.Succs...)
		}
		o.waits[b] = w
	}
	return w
}

// InCycleWith is the package-level InCycleWith for a site of o's function,
// answered from the function's strongly connected components.
func (o *Order) InCycleWith(def *ssa.BasicBlock, site ssa.Instruction) bool {
	if def == nil || def.Parent() != o.fn || site.Block() == nil {
		return InCycleWith(def, site)
	}
	if o.scc == nil {
		o.sccs()
	}
	b := site.Block()
	if o.scc[def.Index] != o.scc[b.Index] {
		return false
	}
	if def != b || o.sccSize[o.scc[def.Index]] > 1 {
		return true
	}
	for _, s := range def.Succs {
		if s == def {
			return true
		}
	}
	return false
}

// sccs numbers the strongly connected components of the block graph
// (Tarjan's algorithm, iterative).
func (o *Order) sccs() {
	n := len(o.fn.Blocks)
	o.scc = make([]int, n)
	index := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	type frame struct{ b, succ int }
	for root := range n {
		if index[root] >= 0 {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		on[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			succs := o.fn.Blocks[f.b].Succs
			if f.succ < len(succs) {
				w := succs[f.succ].Index
				f.succ++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					on[w] = true
					call = append(call, frame{w, 0})
				} else if on[w] {
					low[f.b] = min(low[f.b], index[w])
				}
				continue
			}
			v := f.b
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].b
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				id := len(o.sccSize)
				size := 0
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					on[w] = false
					o.scc[w] = id
					size++
					if w == v {
						break
					}
				}
				o.sccSize = append(o.sccSize, size)
			}
		}
	}
}

// QuietWait returns a receive (or select) that every path from site to t
// passes and that waits only for a timer, a deadline or a signal (Quiet),
// with a description of what it waits for; nil when there is none. It
// explains why an access after such a wait is not ordered after the
// goroutine started at site.
func (o *Order) QuietWait(site, t ssa.Instruction) (ssa.Instruction, string) {
	var best ssa.Instruction
	src := ""
	tb, ti := t.Block(), o.Index(t)
	for _, b := range o.fn.Blocks {
		if !b.Dominates(tb) {
			continue
		}
		for i, x := range b.Instrs {
			if b == tb && i >= ti {
				break
			}
			s := quietWait(x, o.rule)
			if s == "" || !o.InAfter(site, x, nil) {
				continue
			}
			// The dominator tree is walked in block order: keep the
			// wait closest to t.
			if best == nil || best.Block() != b && best.Block().Dominates(b) || best.Block() == b {
				best, src = x, s
			}
		}
	}
	return best, src
}

// quietWait describes what x waits for when it is a receive or a blocking
// select that waits only for Quiet channels (under rule j), or returns "".
func quietWait(x ssa.Instruction, j Joins) string {
	switch x := x.(type) {
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			return QuietSource(x.X)
		}
	case *ssa.Select:
		joins, quiet := selectCases(x)
		if quiet == 0 || joins > 0 && !j.Timeouts {
			return ""
		}
		for _, s := range x.States {
			if s.Dir == types.RecvOnly {
				if src := QuietSource(s.Chan); src != "" {
					return src
				}
			}
		}
	}
	return ""
}
