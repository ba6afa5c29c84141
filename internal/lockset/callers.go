package lockset

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Callers returns every call site of fn the package reveals, a superset of
// CallSites (direct calls, defer and go statements):
//
//   - calls of a closure through the variables holding it: the value of its
//     MakeClosure stored in a local variable, a variable captured by another
//     closure (a heap cell), or a captured copy (est := func(a *T) {...};
//     m.Range(func(k, v any) bool { est(v.(*T)); ... }));
//
//   - when fn's value is taken (a method value, a func literal, a function
//     name used as a value) and never leaves the package — it is only
//     stored, captured or passed to functions of this package — the dynamic
//     calls of the package whose signature is identical to fn's: the calls
//     through the func-typed fields and parameters it was stored in
//     (bigcache: a method value stored in shard.onRemove and called as
//     s.onRemove(...) with s.lock held). A value handed to another package
//     (http.HandleFunc(p, s.serve)) has unknown callers: no dynamic site is
//     added for it.
//
//   - for a method, the interface calls of the package that may dispatch to
//     it (same name, an interface its receiver type implements).
//
// The result says where fn may be called from in this package; it is not a
// complete caller set (other packages, reflection). Callers decide what a
// site means (go and defer sites are included).
func (r *Result) Callers(fn *ssa.Function) []ssa.CallInstruction {
	a := r.run
	if fn == nil || a.pkg == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if cs, ok := a.callers[fn]; ok {
		return cs
	}
	out := append([]ssa.CallInstruction(nil), a.sites[fn]...)
	if fn.Parent() != nil {
		out = append(out, closureCalls(fn)...)
	}
	if recv := fn.Signature.Recv(); recv != nil {
		// Interface calls that may dispatch to this method: the method's
		// name, an interface the receiver type implements (go-zero's cache
		// calls its lru field's add/remove through an unexported
		// interface).
		for _, call := range a.invokes {
			c := call.Common()
			if c.Method.Name() != fn.Name() {
				continue
			}
			if iface, ok := c.Value.Type().Underlying().(*types.Interface); ok && types.Implements(recv.Type(), iface) {
				out = append(out, call)
			}
		}
	}
	if a.addrTaken[fn] && a.localValue(fn) {
		sig := funcValueSignature(fn)
		for _, call := range a.dynCalls {
			if types.Identical(sig, call.Common().Signature()) && !containsCall(out, call) {
				out = append(out, call)
			}
		}
	}
	a.callers[fn] = out
	return out
}

// CallersComplete reports whether Callers(fn) lists every call of fn
// there can be: fn is not exported (another package could call it), and
// its value, if the package takes it, never leaves the package (see
// localValue; a bound method value kept in a field and called through it
// is complete, one handed to another package or boxed in an interface is
// not). A method whose only "value" use is the interface calls of the
// package dispatching to it (an unexported method: no other package can
// declare an interface having it) is complete; one whose wrapper SSA could
// not tie to it is not.
func (r *Result) CallersComplete(fn *ssa.Function) bool {
	a := r.run
	if fn == nil || a.pkg == nil {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if obj := fn.Object(); fn.Parent() == nil && (obj == nil || obj.Exported()) {
		return false
	}
	if fn.Signature.Recv() != nil && a.wrappedByName[fn.Name()] {
		return false
	}
	if !a.addrTaken[fn] || len(a.funcValues(fn)) == 0 {
		return true
	}
	return a.localValue(fn)
}

func containsCall(cs []ssa.CallInstruction, c ssa.CallInstruction) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// funcValueSignature is the type of fn used as a value: a method value has
// the method's signature without its receiver.
func funcValueSignature(fn *ssa.Function) *types.Signature {
	s := fn.Signature
	if s.Recv() == nil {
		return s
	}
	return types.NewSignatureType(nil, nil, nil, s.Params(), s.Results(), s.Variadic())
}

// localValue reports whether fn is used as a value (the function itself,
// a closure of it, or a bound-method/thunk wrapper of it) and no such value
// may reach code outside the package: passed to a function of another
// package or to an unknown callee, converted to an interface, returned, or
// sent. A method whose address is taken only because an interface method
// has its name has no value use: false.
func (a *run) localValue(fn *ssa.Function) bool {
	if local, ok := a.escapes[fn]; ok {
		return !local
	}
	a.escapes[fn] = true // recursion guard: unknown until proven local
	vals := a.funcValues(fn)
	esc := len(vals) == 0
	seen := map[ssa.Value]bool{}
	for _, v := range vals {
		if a.flowsOut(v, seen, 0) {
			esc = true
			break
		}
	}
	a.escapes[fn] = esc
	return !esc
}

// funcValues returns the SSA values of the package that denote fn as a
// value: MakeClosures of fn or of a wrapper of fn, and fn itself when it is
// an operand (the instruction using it is where its flow starts). The
// values are in the order of the package's instructions.
func (a *run) funcValues(fn *ssa.Function) []ssa.Value {
	idx := a.valueIndex()
	pos := idx.byFunc[fn]
	if obj := originObject(fn.Object()); obj != nil {
		if w := idx.byWrapped[obj]; len(w) > 0 {
			// Merge (both are ascending); an entry in both counts once.
			merged := make([]int, 0, len(pos)+len(w))
			i, j := 0, 0
			for i < len(pos) || j < len(w) {
				switch {
				case j == len(w) || (i < len(pos) && pos[i] < w[j]):
					merged = append(merged, pos[i])
					i++
				case i == len(pos) || w[j] < pos[i]:
					merged = append(merged, w[j])
					j++
				default:
					merged = append(merged, pos[i])
					i, j = i+1, j+1
				}
			}
			pos = merged
		}
	}
	var out []ssa.Value
	for _, p := range pos {
		out = append(out, idx.values[p])
	}
	return out
}

// funcValueIndex lists, in one walk of the package's instructions, where
// functions appear as values and as operands (funcValues and
// functionUsesFlowOut asked a walk of the whole package each, per
// function: quadratic on a big package).
type funcValueIndex struct {
	// values[i] is a value denoting function funcs[i]: a MakeClosure of
	// it, or the function itself as an operand other than a call's callee.
	values []ssa.Value
	// byFunc: positions in values per function; byWrapped: positions of
	// values of synthetic wrappers (bound methods, thunks), per the
	// object they wrap.
	byFunc    map[*ssa.Function][]int
	byWrapped map[types.Object][]int
	// operandUses: every instruction having the function as an operand,
	// once per occurrence, in order.
	operandUses map[*ssa.Function][]ssa.Instruction
}

func (a *run) valueIndex() *funcValueIndex {
	if a.fvIndex != nil {
		return a.fvIndex
	}
	idx := &funcValueIndex{
		byFunc:      map[*ssa.Function][]int{},
		byWrapped:   map[types.Object][]int{},
		operandUses: map[*ssa.Function][]ssa.Instruction{},
	}
	add := func(v ssa.Value, f *ssa.Function) {
		i := len(idx.values)
		idx.values = append(idx.values, v)
		idx.byFunc[f] = append(idx.byFunc[f], i)
		if f.Synthetic != "" {
			if obj := originObject(f.Object()); obj != nil {
				idx.byWrapped[obj] = append(idx.byWrapped[obj], i)
			}
		}
	}
	for _, f := range a.srcFuncs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				var ops [8]*ssa.Value
				operands := instr.Operands(ops[:0])
				for _, op := range operands {
					if op == nil || *op == nil {
						continue
					}
					if g, ok := (*op).(*ssa.Function); ok {
						idx.operandUses[g] = append(idx.operandUses[g], instr)
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if cf, ok := mc.Fn.(*ssa.Function); ok {
						add(mc, cf)
					}
					continue
				}
				for _, op := range operands {
					if op == nil || *op == nil {
						continue
					}
					if g, ok := (*op).(*ssa.Function); ok {
						if c, ok := instr.(ssa.CallInstruction); ok && c.Common().Value == g {
							continue // a direct call, not a value
						}
						add(g, g)
					}
				}
			}
		}
	}
	a.fvIndex = idx
	return idx
}

// wraps reports whether w is a synthetic wrapper (bound method, thunk) of fn.
func (a *run) wraps(w, fn *ssa.Function) bool {
	if w.Synthetic == "" || fn.Object() == nil {
		return false
	}
	return w.Object() == fn.Object()
}

// flowsOut follows v through the instructions using it.
func (a *run) flowsOut(v ssa.Value, seen map[ssa.Value]bool, depth int) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	if depth > 16 {
		return true
	}
	refs := v.Referrers()
	if refs == nil {
		// A *ssa.Function has no referrer list: find its uses.
		if _, ok := v.(*ssa.Function); !ok {
			return false
		}
		return a.functionUsesFlowOut(v.(*ssa.Function), seen, depth)
	}
	for _, ref := range *refs {
		if a.useFlowsOut(v, ref, seen, depth) {
			return true
		}
	}
	return false
}

func (a *run) functionUsesFlowOut(f *ssa.Function, seen map[ssa.Value]bool, depth int) bool {
	for _, instr := range a.valueIndex().operandUses[f] {
		if a.useFlowsOut(f, instr, seen, depth) {
			return true
		}
	}
	return false
}

// useFlowsOut reports whether the use ref of value v lets it leave the
// package.
func (a *run) useFlowsOut(v ssa.Value, ref ssa.Instruction, seen map[ssa.Value]bool, depth int) bool {
	switch u := ref.(type) {
	case ssa.CallInstruction:
		c := u.Common()
		if c.Value == v && !c.IsInvoke() {
			return false // called here
		}
		callee := c.StaticCallee()
		if callee == nil || c.IsInvoke() || callee.Pkg != a.pkg || len(callee.Blocks) == 0 {
			return true // an unknown callee or another package's function receives it
		}
		// A function of this package: follow the parameter it arrives in.
		for i, arg := range c.Args {
			if arg == v && i < len(callee.Params) && a.flowsOut(callee.Params[i], seen, depth+1) {
				return true
			}
		}
		return false
	case *ssa.Phi, *ssa.ChangeType:
		return a.flowsOut(u.(ssa.Value), seen, depth+1)
	case *ssa.Store:
		// Into a local, a field or a package variable: calls through it are
		// dynamic calls of this package. A store into a global of another
		// package hands it out.
		if g, ok := u.Addr.(*ssa.Global); ok && g.Pkg != a.pkg {
			return true
		}
		return false
	case *ssa.MakeClosure:
		return false // captured by a closure of this package
	case *ssa.MapUpdate:
		return false // kept in a map of this package
	case *ssa.DebugRef:
		return false
	}
	// MakeInterface, Return, Send, Slice, Field...: it may leave.
	return true
}

// closureCalls returns the direct calls of the closure fn made through the
// value of its MakeClosure, in its enclosing function or, through captured
// variables, in closures nested there. A closure variable captured by
// another closure lives in a heap cell (Alloc): stores into the cell, loads
// from it and captured copies of the cell are followed.
func closureCalls(fn *ssa.Function) []ssa.CallInstruction {
	root := fn.Parent()
	for root.Parent() != nil {
		root = root.Parent()
	}
	var funcs []*ssa.Function
	var walk func(f *ssa.Function)
	walk = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, af := range f.AnonFuncs {
			walk(af)
		}
	}
	walk(root)
	vals := make(map[ssa.Value]bool)  // values that are the closure
	cells := make(map[ssa.Value]bool) // addresses of variables holding it
	add := func(m map[ssa.Value]bool, v ssa.Value) bool {
		if m[v] {
			return false
		}
		m[v] = true
		return true
	}
	for changed := true; changed; {
		changed = false
		for _, f := range funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					switch in := instr.(type) {
					case *ssa.MakeClosure:
						if in.Fn == fn && add(vals, in) {
							changed = true
						}
						inner, ok := in.Fn.(*ssa.Function)
						if !ok {
							continue
						}
						for i, bound := range in.Bindings {
							if i >= len(inner.FreeVars) {
								break
							}
							if vals[bound] && add(vals, inner.FreeVars[i]) {
								changed = true
							}
							if cells[bound] && add(cells, inner.FreeVars[i]) {
								changed = true
							}
						}
					case *ssa.Store:
						if vals[in.Val] && add(cells, in.Addr) {
							changed = true
						}
					case *ssa.UnOp:
						if in.Op == token.MUL && cells[in.X] && add(vals, in) {
							changed = true
						}
					}
				}
			}
		}
	}
	var calls []ssa.CallInstruction
	for _, f := range funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok && !call.Common().IsInvoke() && vals[call.Common().Value] {
					calls = append(calls, call)
				}
			}
		}
	}
	return calls
}

// originObject is the generic origin of a method or function object (a
// bound method value c.m of a generic type Client[T] wraps the method of
// the instantiated type, not the declared one), else obj.
func originObject(obj types.Object) types.Object {
	if f, ok := obj.(*types.Func); ok {
		return f.Origin()
	}
	return obj
}
