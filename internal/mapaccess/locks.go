package mapaccess

// Minimal must-hold lock tracking for map-access summaries.
//
// This is a stop-gap until internal/lockset (owned by the guardedmap work)
// provides the same information; it is deliberately small: sync.Mutex and
// sync.RWMutex Lock/RLock/Unlock/RUnlock on a lock named by mapref.OfAddr,
// a forward must-analysis over the CFG (intersection at merges), deferred
// unlocks ignored (they run at exit). TryLock and locks taken by helper
// functions are not modelled: a lock the tracker misses makes an access look
// unlocked, so callers that report races must treat "no lock" with care.

import (
	"go/types"
	"sort"

	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/ssa"
)

// Lock is a lock held at an access.
type Lock struct {
	Path   mapref.Path
	Shared bool // held with RLock
}

type lockState map[string]Lock // key: Path.Key()

func (s lockState) clone() lockState {
	c := make(lockState, len(s))
	for k, v := range s {
		c[k] = v
	}
	return c
}

func meet(a, b lockState) lockState {
	out := make(lockState)
	for k, la := range a {
		if lb, ok := b[k]; ok {
			la.Shared = la.Shared || lb.Shared
			out[k] = la
		}
	}
	return out
}

func equalState(a, b lockState) bool {
	if len(a) != len(b) {
		return false
	}
	for k, la := range a {
		if lb, ok := b[k]; !ok || lb.Shared != la.Shared {
			return false
		}
	}
	return true
}

// lockOp classifies a call as a lock operation on a mutex address.
// op: +1 acquire exclusive, +2 acquire shared, -1 release.
func lockOp(c *ssa.CallCommon) (op int, addr ssa.Value) {
	if c.IsInvoke() || len(c.Args) == 0 {
		return 0, nil
	}
	fn := c.StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil {
		return 0, nil
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return 0, nil
	}
	recv := fn.Signature.Recv().Type()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	named, ok := recv.(*types.Named)
	if !ok {
		return 0, nil
	}
	switch named.Obj().Name() + "." + fn.Name() {
	case "Mutex.Lock", "RWMutex.Lock":
		return 1, c.Args[0]
	case "RWMutex.RLock":
		return 2, c.Args[0]
	case "Mutex.Unlock", "RWMutex.Unlock", "RWMutex.RUnlock":
		return -1, c.Args[0]
	}
	return 0, nil
}

// lockTable computes the locks held before each instruction of fn.
func lockTable(fn *ssa.Function) map[ssa.Instruction]lockState {
	held := make(map[ssa.Instruction]lockState)
	if len(fn.Blocks) == 0 {
		return held
	}
	in := make([]lockState, len(fn.Blocks))
	in[0] = lockState{}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	queued := make([]bool, len(fn.Blocks))
	queued[0] = true
	for steps := 0; len(work) > 0 && steps < 50*len(fn.Blocks)+100; steps++ {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		st := in[b.Index].clone()
		for _, instr := range b.Instrs {
			held[instr] = st.clone()
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, addr := lockOp(call.Common())
			if op == 0 {
				continue
			}
			p := mapref.OfAddr(addr)
			if !p.Valid() {
				continue
			}
			switch op {
			case 1, 2:
				st[p.Key()] = Lock{Path: p, Shared: op == 2}
			case -1:
				delete(st, p.Key())
			}
		}
		for _, s := range b.Succs {
			var next lockState
			if in[s.Index] == nil {
				next = st.clone()
			} else {
				next = meet(in[s.Index], st)
				if equalState(next, in[s.Index]) {
					continue
				}
			}
			in[s.Index] = next
			if !queued[s.Index] {
				queued[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return held
}

func (s lockState) list() []Lock {
	if len(s) == 0 {
		return nil
	}
	out := make([]Lock, 0, len(s))
	for _, l := range s {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path.Key() < out[j].Path.Key() })
	return out
}

// Excludes reports whether two lock sets share a lock that at least one of
// them holds exclusively (two readers under RLock do not exclude a writer
// only if one of them writes under the read lock, which is its own bug).
func Excludes(a, b []Lock) bool {
	for _, la := range a {
		for _, lb := range b {
			if la.Path.Key() == lb.Path.Key() && (!la.Shared || !lb.Shared) {
				return true
			}
		}
	}
	return false
}
