package goroutines

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// walk is the work list of the forward walks over a function's blocks
// (After, Repeats and Order's index; they must give the same answers). It
// knows one thing about paths that plain reachability does not: a counted
// loop whose body runs at least once (for i := 0; i < 10; i++, for range
// 10) cannot be left on the way in. Entered from outside the loop, its
// header leads only into the body; its exit opens when the walk comes back
// to the header through the loop. So a body that waits — the n receives
// that collect n started goroutines — orders everything after the loop.
type walk struct {
	work []edge
	cur  edge // how the block pop returned last was reached
	seen map[*ssa.BasicBlock]bool
	held map[*ssa.BasicBlock]*ssa.BasicBlock // header -> its exit, not yet open
}

type edge struct{ to, from *ssa.BasicBlock }

// push adds the successors of b, holding back the exit of a counted loop
// header that the walk entered from outside its loop.
func (w *walk) push(b *ssa.BasicBlock) {
	var exit *ssa.BasicBlock
	if w.cur.to == b && w.cur.from != nil && !b.Dominates(w.cur.from) {
		exit = onceExit(b)
	}
	for _, s := range b.Succs {
		if s == exit {
			if w.held == nil {
				w.held = make(map[*ssa.BasicBlock]*ssa.BasicBlock)
			}
			w.held[b] = exit
			continue
		}
		w.work = append(w.work, edge{s, b})
	}
}

// pushEdge adds the edge from -> to.
func (w *walk) pushEdge(to, from *ssa.BasicBlock) {
	w.work = append(w.work, edge{to, from})
}

// pop returns the next block not visited yet (marking it visited), or nil
// when the walk is done. An edge back to a header whose exit is held opens
// the exit.
func (w *walk) pop() *ssa.BasicBlock {
	for len(w.work) > 0 {
		e := w.work[len(w.work)-1]
		w.work = w.work[:len(w.work)-1]
		if !w.seen[e.to] {
			w.cur = e
			return e.to
		}
		if exit := w.held[e.to]; exit != nil && e.to.Dominates(e.from) {
			delete(w.held, e.to)
			w.work = append(w.work, edge{exit, e.to})
		}
	}
	return nil
}

// visit marks b visited.
func (w *walk) visit(b *ssa.BasicBlock) {
	if w.seen == nil {
		w.seen = make(map[*ssa.BasicBlock]bool)
	}
	w.seen[b] = true
}

// onceExit returns the exit of h when h is the header of a counted loop
// whose body runs at least once on entry: h ends in if i OP K, where i is
// a φ of h whose every value from outside the loop is a constant c with c
// OP K true for the constant K (the true branch is the body, inside the
// loop). Otherwise nil.
func onceExit(h *ssa.BasicBlock) *ssa.BasicBlock {
	if len(h.Instrs) == 0 || len(h.Succs) != 2 {
		return nil
	}
	cond, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	bin, ok := cond.Cond.(*ssa.BinOp)
	if !ok {
		return nil
	}
	switch bin.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return nil
	}
	phi, ok := bin.X.(*ssa.Phi)
	k, kok := bin.Y.(*ssa.Const)
	if !ok || !kok || phi.Block() != h || k.Value == nil || k.Value.Kind() != constant.Int {
		return nil
	}
	body, exit := h.Succs[0], h.Succs[1]
	if body == h || !h.Dominates(body) {
		return nil
	}
	back, entries := false, 0
	for i, p := range h.Preds {
		if h.Dominates(p) {
			back = true
			continue
		}
		c, ok := phi.Edges[i].(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.Int || !constant.Compare(c.Value, bin.Op, k.Value) {
			return nil
		}
		entries++
	}
	if !back || entries == 0 {
		return nil
	}
	return exit
}
