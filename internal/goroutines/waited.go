package goroutines

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// IsCompletionWait reports whether instr waits for other goroutines to
// finish, in a stricter sense than IsJoin: a call of a method whose name
// ends in Wait (wg.Wait, closer.SignalAndWait, group.StopAndWait), or a
// bare receive outside any loop whose value is dropped (<-c.done). A
// receive whose value is used, or one in a loop, is a worker taking
// messages (for ev := range ch), not the end of the writers: accesses
// after it race with the rest of the program as much as before.
func IsCompletionWait(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.Call:
		c := x.Common()
		if c.IsInvoke() {
			return strings.HasSuffix(c.Method.Name(), "Wait")
		}
		if fn := c.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
			return strings.HasSuffix(fn.Name(), "Wait")
		}
	case *ssa.UnOp:
		if x.Op != token.ARROW || inLoop(x.Block()) {
			return false
		}
		if refs := x.Referrers(); refs != nil {
			for _, r := range *refs {
				if _, ok := r.(*ssa.DebugRef); !ok {
					return false
				}
			}
		}
		return true
	}
	return false
}

// WaitedBefore reports whether every path from its function's entry to
// instr passes an instruction for which wait is true (wait is IsJoin or
// IsCompletionWait).
func WaitedBefore(instr ssa.Instruction, wait func(ssa.Instruction) bool) bool {
	fn := instr.Parent()
	if fn == nil {
		return false
	}
	reached := false
	BeforeWait(fn, wait, func(x ssa.Instruction) bool {
		reached = x == instr
		return !reached
	})
	return !reached
}

// BeforeWait calls visit for every instruction of fn that some path from
// fn's entry reaches without passing an instruction for which wait is true
// (the wait itself excluded), block by block, until visit returns false.
func BeforeWait(fn *ssa.Function, wait func(ssa.Instruction) bool, visit func(ssa.Instruction) bool) {
	if len(fn.Blocks) == 0 {
		return
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		waited := false
		for _, x := range b.Instrs {
			if wait(x) {
				waited = true
				break
			}
			if !visit(x) {
				return
			}
		}
		if !waited {
			work = append(work, b.Succs...)
		}
	}
}

// inLoop reports whether b lies on a cycle of its function's CFG.
func inLoop(b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, x.Succs...)
	}
	return false
}
