package lockset

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Op is what a call does to a mutex.
type Op uint8

const (
	OpNone Op = iota
	OpLock
	OpRLock
	OpUnlock
	OpRUnlock
	OpTryLock
	OpTryRLock
)

// classify recognises calls of sync.Mutex/RWMutex methods (also through
// embedded fields, which SSA makes explicit), of Lock/Unlock/RLock/RUnlock/
// TryLock on interface values (sync.Locker), and of RWMutex.RLocker().Lock.
// It returns the operation and the value denoting the mutex.
func classify(c *ssa.CallCommon) (Op, ssa.Value) {
	if c.IsInvoke() {
		m := c.Method
		sig, _ := m.Type().(*types.Signature)
		if sig == nil || sig.Params().Len() != 0 {
			return OpNone, nil
		}
		o := opFromName(m.Name())
		if o == OpNone {
			return OpNone, nil
		}
		if (o == OpTryLock || o == OpTryRLock) != (sig.Results().Len() == 1) {
			return OpNone, nil
		}
		if o != OpTryLock && o != OpTryRLock && sig.Results().Len() != 0 {
			return OpNone, nil
		}
		v := c.Value
		if mi, ok := v.(*ssa.MakeInterface); ok {
			v = mi.X
		}
		// rw.RLocker().Lock() is rw.RLock().
		if call, ok := v.(*ssa.Call); ok {
			if callee := call.Call.StaticCallee(); callee != nil && isSyncMethod(callee, "RLocker") && len(call.Call.Args) == 1 {
				switch o {
				case OpLock:
					return OpRLock, call.Call.Args[0]
				case OpUnlock:
					return OpRUnlock, call.Call.Args[0]
				}
				return OpNone, nil
			}
		}
		return o, v
	}
	callee := c.StaticCallee()
	if callee == nil || len(c.Args) != 1 {
		return OpNone, nil
	}
	for _, name := range [...]string{"Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock"} {
		if isSyncMethod(callee, name) {
			return opFromName(name), c.Args[0]
		}
	}
	return OpNone, nil
}

func opFromName(name string) Op {
	switch name {
	case "Lock":
		return OpLock
	case "RLock":
		return OpRLock
	case "Unlock":
		return OpUnlock
	case "RUnlock":
		return OpRUnlock
	case "TryLock":
		return OpTryLock
	case "TryRLock":
		return OpTryRLock
	}
	return OpNone
}

// isSyncMethod reports whether fn is (*sync.Mutex).name or
// (*sync.RWMutex).name.
func isSyncMethod(fn *ssa.Function, name string) bool {
	if fn.Name() != name {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	recv := obj.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	ok, _ = mutexKind(t)
	return ok
}

// state is the dataflow fact at a program point.
type state struct {
	must   *Set   // held on every path
	may    *Set   // held on some path
	defers []Lock // releases registered with defer (run at return)
	// deferAcq: locks re-acquired by defer (mu.Unlock(); defer mu.Lock()).
	deferAcq []Held
}

func (s *state) equal(t *state) bool {
	if !s.must.equal(t.must) || !s.may.equal(t.may) || len(s.defers) != len(t.defers) || len(s.deferAcq) != len(t.deferAcq) {
		return false
	}
	for i := range s.defers {
		if s.defers[i].Key != t.defers[i].Key {
			return false
		}
	}
	return true
}

func join(a, b *state) *state {
	r := &state{must: intersect(a.must, b.must), may: union(a.may, b.may), defers: a.defers, deferAcq: a.deferAcq}
	for _, d := range b.defers {
		r.defers = addDefer(r.defers, d)
	}
	for _, h := range b.deferAcq {
		r.deferAcq = addDeferAcq(r.deferAcq, h)
	}
	return r
}

func addDefer(ds []Lock, l Lock) []Lock {
	for _, d := range ds {
		if d.Key == l.Key {
			return ds
		}
	}
	out := make([]Lock, len(ds), len(ds)+1)
	copy(out, ds)
	return append(out, l)
}

func addDeferAcq(ds []Held, h Held) []Held {
	for _, d := range ds {
		if d.Key == h.Key {
			return ds
		}
	}
	out := make([]Held, len(ds), len(ds)+1)
	copy(out, ds)
	return append(out, h)
}

// point is the lock state before one instruction.
type point struct{ must, may *Set }

// analyze runs the forward dataflow over f's blocks to a fixpoint and
// records the state before every instruction, the exits, and the effects.
func (a *run) analyze(f *Func) {
	fn := f.fn
	n := len(fn.Blocks)
	f.points = make([][]point, n)
	f.acquires, f.releases = nil, nil
	if n == 0 {
		return
	}
	f.tries = make(map[ssa.Value]Held)
	in := make([]*state, n)
	in[0] = &state{must: f.entry, may: f.entry}
	if fn.Recover != nil {
		in[fn.Recover.Index] = &state{}
	}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	if fn.Recover != nil {
		work = append(work, fn.Recover)
	}
	queued := make([]bool, n)
	for _, b := range work {
		queued[b.Index] = true
	}
	budget := 50*n + 100
	for len(work) > 0 && budget > 0 {
		budget--
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		out := a.transfer(f, b, in[b.Index], nil)
		for j, s := range b.Succs {
			es := a.edge(f, b, j, out)
			old := in[s.Index]
			var nw *state
			if old == nil {
				nw = es
			} else {
				nw = join(old, es)
				if nw.equal(old) {
					continue
				}
			}
			in[s.Index] = nw
			if !queued[s.Index] {
				queued[s.Index] = true
				work = append(work, s)
			}
		}
	}
	// Final pass: record points, exits and releases.
	var exit *Set
	exits := 0
	released := map[Key]Lock{}
	for _, b := range fn.Blocks {
		st := in[b.Index]
		if st == nil {
			st = &state{}
		}
		pts := make([]point, len(b.Instrs))
		f.points[b.Index] = pts
		end := a.transfer(f, b, st, func(i int, s *state, instr ssa.Instruction) {
			pts[i] = point{s.must, s.may}
			switch instr := instr.(type) {
			case *ssa.Return:
				if b == fn.Recover {
					// The return after a recovered panic says nothing
					// about the normal exits.
					return
				}
				m := s.must
				for _, d := range s.defers {
					m = m.without(d.Key)
				}
				for _, h := range s.deferAcq {
					m = m.with(h)
				}
				if exits == 0 {
					exit = m
				} else {
					exit = intersect(exit, m)
				}
				exits++
			case ssa.CallInstruction:
				// A release (direct or deferred) of a lock this function
				// did not acquire on the way here is a release effect for
				// callers; one balanced with a Lock of this function is not.
				if _, isGo := instr.(*ssa.Go); isGo {
					return
				}
				for _, l := range a.releasesOf(f, instr.Common()) {
					if !acquiredHere(s, l.Key) {
						released[l.Key] = l
					}
				}
			}
		})
		_ = end
	}
	if st := in[0]; st == nil {
		return
	}
	for _, h := range exit.Locks() {
		if _, inEntry := f.entry.Lookup(h.Key); inEntry {
			continue
		}
		f.acquires = append(f.acquires, h)
	}
	for k, l := range released {
		if _, still := exit.Lookup(k); still && exits > 0 {
			continue
		}
		f.releases = append(f.releases, l)
	}
}

func acquiredHere(s *state, k Key) bool {
	if h, ok := s.must.Lookup(k); ok && h.Origin == Acquired {
		return true
	}
	h, ok := s.may.Lookup(k)
	return ok && h.Origin == Acquired
}

// transfer applies b's instructions to st; visit (if non-nil) sees the
// state before each instruction.
func (a *run) transfer(f *Func, b *ssa.BasicBlock, st *state, visit func(int, *state, ssa.Instruction)) *state {
	cur := *st
	for i, instr := range b.Instrs {
		if visit != nil {
			c := cur
			visit(i, &c, instr)
		}
		switch instr := instr.(type) {
		case *ssa.Call:
			a.call(f, &cur, instr.Common(), instr.Pos(), instr)
		case *ssa.Defer:
			for _, l := range a.releasesOf(f, instr.Common()) {
				cur.defers = addDefer(cur.defers, l)
			}
			if o, v := classify(instr.Common()); o == OpLock || o == OpRLock {
				if res, ok := a.res.resolveAddr(v); ok {
					k := Exclusive
					if o == OpRLock {
						k = Shared
					}
					cur.deferAcq = addDeferAcq(cur.deferAcq, Held{Lock: lockFor(res), Kind: k, Pos: instr.Pos(), Origin: Acquired})
				}
			}
		}
	}
	return &cur
}

// call applies the effect of a call to cur.
func (a *run) call(f *Func, cur *state, c *ssa.CallCommon, pos token.Pos, call *ssa.Call) {
	o, v := classify(c)
	if o != OpNone {
		res, ok := a.res.resolveAddr(v)
		if !ok {
			return
		}
		l := lockFor(res)
		if pos == token.NoPos {
			pos = c.Pos()
		}
		switch o {
		case OpLock, OpRLock:
			k := Exclusive
			if o == OpRLock {
				k = Shared
			}
			h := Held{Lock: l, Kind: k, Pos: pos, Origin: Acquired}
			cur.must = cur.must.without(l.Key).with(h)
			cur.may = cur.may.with(h)
		case OpUnlock, OpRUnlock:
			cur.must = cur.must.without(l.Key)
			cur.may = cur.may.without(l.Key)
		case OpTryLock, OpTryRLock:
			k := Exclusive
			if o == OpTryRLock {
				k = Shared
			}
			if call != nil {
				f.tries[call] = Held{Lock: l, Kind: k, Pos: pos, Origin: Acquired}
			}
		}
		return
	}
	acq, rel := a.effects(f, c, pos)
	for _, l := range rel {
		cur.must = cur.must.without(l.Key)
		cur.may = cur.may.without(l.Key)
	}
	for _, h := range acq {
		cur.must = cur.must.with(h)
		cur.may = cur.may.with(h)
	}
}

// releasesOf returns the locks a call releases (Unlock, RUnlock, or a callee
// whose summary releases them).
func (a *run) releasesOf(f *Func, c *ssa.CallCommon) []Lock {
	o, v := classify(c)
	if o == OpUnlock || o == OpRUnlock {
		if res, ok := a.res.resolveAddr(v); ok {
			return []Lock{lockFor(res)}
		}
		return nil
	}
	if o != OpNone {
		return nil
	}
	_, rel := a.effects(f, c, c.Pos())
	return rel
}

// effects maps a callee's summary to the caller: locks acquired and released.
func (a *run) effects(f *Func, c *ssa.CallCommon, pos token.Pos) (acq []Held, rel []Lock) {
	if c.IsInvoke() {
		return nil, nil
	}
	var callee *ssa.Function
	switch v := c.Value.(type) {
	case *ssa.Function:
		callee = v
	case *ssa.MakeClosure:
		callee, _ = v.Fn.(*ssa.Function)
	}
	if callee == nil {
		return nil, nil
	}
	if callee.Parent() != nil {
		// A closure: its effects are already in its creator's terms.
		if cf := a.funcs[callee]; cf != nil && cf != f {
			for _, h := range cf.acquires {
				h.Pos = pos
				acq = append(acq, h)
			}
			rel = append(rel, cf.releases...)
		}
		return acq, rel
	}
	sum, ok := a.summaryOf(callee)
	if !ok {
		return nil, nil
	}
	for _, r := range sum.Acquires {
		if l, ok := a.refLock(r, c.Args); ok {
			acq = append(acq, Held{Lock: l, Kind: r.Kind, Pos: pos, Origin: Acquired})
		}
	}
	for _, r := range sum.Releases {
		if l, ok := a.refLock(r, c.Args); ok {
			rel = append(rel, l)
		}
	}
	return acq, rel
}

// edge returns the state flowing along b's j-th successor edge: the success
// edge of a TryLock gains the lock.
func (a *run) edge(f *Func, b *ssa.BasicBlock, j int, out *state) *state {
	if len(b.Instrs) == 0 {
		return out
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return out
	}
	cond, want := iff.Cond, 0
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, want = u.X, 1
	}
	h, ok := f.tries[cond]
	if !ok || j != want {
		return out
	}
	r := *out
	r.must = r.must.with(h)
	r.may = r.may.with(h)
	return &r
}

// refLock maps a summary reference to a lock at a call with arguments args
// (nil args: in the function's own terms, using params).
func (a *run) refLock(r Ref, args []ssa.Value) (Lock, bool) {
	var root ssa.Value
	var base []string
	rootName := ""
	var baseType types.Type
	if r.Param == -2 {
		name := r.Name
		if name == "" {
			name = r.Var
		}
		return Lock{Key: TypeLevelKey(r.Var), Name: name, Type: r.Var}, true
	}
	if r.Param >= 0 {
		if r.Param >= len(args) {
			return Lock{}, false
		}
		res, ok := a.res.resolveAddr(args[r.Param])
		if !ok {
			return Lock{}, false
		}
		root, base, rootName = res.root, res.path, res.rootName
		baseType = args[r.Param].Type()
	} else {
		g := a.global(r.Var)
		if g == nil {
			return Lock{}, false
		}
		root, rootName = g, g.Name()
		baseType = g.Type()
	}
	var path []string
	path = append(path, base...)
	if r.Path != "" {
		path = append(path, strings.Split(r.Path, ".")...)
	}
	owner := ownerOf(baseType, strings.Split(r.Path, "."))
	if r.Path == "" {
		owner = nil
	}
	if len(path) > 0 && r.Path == "" && r.Param >= 0 {
		// The argument itself is a field path (f(&c.mu)).
		res, _ := a.res.resolveAddr(args[r.Param])
		owner = res.owner
	}
	return lockFor(resolved{root: root, path: path, owner: owner, rootName: rootName}), true
}

// ownerOf walks field names from t (dereferencing pointers) and returns the
// named struct type owning the last one.
func ownerOf(t types.Type, path []string) *types.Named {
	var owner *types.Named
	for _, name := range path {
		if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, named := structOf(t, false)
		if st == nil {
			return nil
		}
		var next types.Type
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == name {
				next = st.Field(i).Type()
				break
			}
		}
		if next == nil {
			return nil
		}
		owner = named
		t = next
	}
	return owner
}

func (a *run) global(qualified string) *ssa.Global {
	dot := strings.LastIndex(qualified, ".")
	if dot < 0 {
		return nil
	}
	path, name := qualified[:dot], qualified[dot+1:]
	var pkg *ssa.Package
	if a.pkg.Pkg.Path() == path {
		pkg = a.pkg
	} else {
		pkg = a.pkg.Prog.ImportedPackage(path)
	}
	if pkg == nil {
		return nil
	}
	g, _ := pkg.Members[name].(*ssa.Global)
	return g
}

// Operation classifies a call as a mutex operation (OpNone if it is not
// one) and returns the value denoting the mutex; resolve it with
// Result.ResolveLock.
func Operation(c *ssa.CallCommon) (Op, ssa.Value) { return classify(c) }
