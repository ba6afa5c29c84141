package guards

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
	"github.com/mapguard/mapguard/internal/lockset"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

type collector struct {
	pass      *analysis.Pass
	ls        *lockset.Result
	funcs     []*ssa.Function
	mutates   map[*ssa.Function][]bool // per parameter: the function mutates the map it receives
	onceFuncs map[*ssa.Function]bool
	fresh     map[*ssa.Function]bool // returns a value it allocated
	ctorParam map[*ssa.Function][]bool
	started   map[*ssa.Function]map[*ssa.Function]bool // per function: the functions it starts on goroutines
	// optParams: per closure, the parameters every in-package call of a
	// value of its type receives a fresh value in (optionParams).
	optParams map[*ssa.Function][]bool
	dynCalls  []*ssa.Call // calls of func values (not static, not interface)
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	ls := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	r := &Result{pass: pass, fields: map[*types.Var]*fieldInfo{}, ls: ls}
	// Map fields of the package's struct types.
	for _, obj := range pass.TypesInfo.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		mus := mutexFields(named)
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if IsMap(f.Type()) {
				r.fields[f] = &fieldInfo{field: f, named: named, mutexes: mus, lockedW: map[string]int{}, lockedN: map[string]int{}}
				continue
			}
			// A mutex group in an anonymous struct field: mu struct {
			// sync.Mutex; objects map[K]V } (the pebble / TiKV idiom).
			// Its maps are guarded by its own mutexes.
			anon, ok := types.Unalias(f.Type()).(*types.Struct)
			if !ok || f.Embedded() {
				continue
			}
			amus := structMutexFields(anon)
			for j := 0; j < anon.NumFields(); j++ {
				if g := anon.Field(j); IsMap(g.Type()) {
					r.fields[g] = &fieldInfo{field: g, named: named, within: f.Name(), mutexes: amus, lockedW: map[string]int{}, lockedN: map[string]int{}}
				}
			}
		}
	}
	declaredGuards(pass, r.fields)
	if ssainfo.Pkg == nil {
		return r, nil
	}
	c := &collector{pass: pass, ls: ls, funcs: ssainfo.SrcFuncs,
		mutates: map[*ssa.Function][]bool{}, onceFuncs: map[*ssa.Function]bool{},
		fresh: map[*ssa.Function]bool{}, ctorParam: map[*ssa.Function][]bool{},
		started: map[*ssa.Function]map[*ssa.Function]bool{}, optParams: map[*ssa.Function][]bool{}}
	c.summaries()
	r.col = c
	for _, fn := range c.funcs {
		f := ls.Func(fn)
		if f == nil {
			continue
		}
		ctx := c.funcContext(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				field, named := fieldOf(fa)
				if field == nil || !IsMap(field.Type()) {
					continue
				}
				fi := r.info(field)
				if fi == nil {
					continue
				}
				if fi.named == nil {
					fi.named = named
				}
				if named == nil && fi.within != "" {
					named = fi.named
				}
				acc := c.access(f, fa, field, named, ctx)
				if acc == nil {
					continue
				}
				acc.Within = fi.within
				r.accesses = append(r.accesses, acc)
				if fi.fact != nil || acc.Context != Normal {
					continue
				}
				c.observe(fi, acc, fn)
			}
		}
	}
	c.globals(r)
	for _, fi := range r.fields {
		if fi == nil {
			continue
		}
		for i, s := range fi.sites {
			w := 1
			if s.Write {
				w = 2
				fi.writes++
			}
			if fi.assignOnly[i] && len(fi.siteLocks[i]) == 0 {
				// A function that only assigns the field without a
				// lock (serve() setting c.requests = make(...) before
				// it starts the request goroutines) is never reported
				// (a field store is not a map access): it is no evidence
				// against a guard either. It still makes the field
				// mutable (not read-only).
				continue
			}
			fi.totalW += w
			fi.totalN++
			for m := range fi.siteLocks[i] {
				fi.lockedW[m] += w
				fi.lockedN[m]++
			}
		}
	}
	sortAccesses(pass.Fset, r.accesses)
	r.exportFacts()
	return r, nil
}

// exportFacts exports a FieldFact for every map field of an exported type
// that is itself exported and has a guard candidate.
func (r *Result) exportFacts() {
	for f, fi := range r.fields {
		if fi == nil || fi.fact != nil || fi.named == nil || f.Pkg() != r.pass.Pkg {
			continue
		}
		if !f.Exported() || !fi.named.Obj().Exported() {
			continue
		}
		ff := &FieldFact{Ignore: fi.ignore, ReadOnly: fi.writes == 0, Total: fi.totalN, TotalWeight: fi.totalW}
		mu := ""
		if fi.declared != nil {
			mu = fi.declared.Mutex
			ff.Source, ff.Reason, ff.Shared = fi.declared.Source, fi.declared.Reason, fi.declared.Shared
			if fi.declared.group {
				ff.Source = Inferred // importers decide with their policy
			}
		} else {
			bestW := 0
			for _, m := range fi.mutexes {
				if w := fi.lockedW[m.path]; w > bestW {
					mu, bestW = m.path, w
				}
			}
			ff.Source, ff.Reason = Inferred, "inferred"
		}
		if mu == "" && !fi.ignore {
			continue
		}
		ff.Mutex = mu
		ff.Locked, ff.LockedWeight = fi.lockedN[mu], fi.lockedW[mu]
		for i, s := range fi.sites {
			if fi.siteLocks[i][mu] && len(ff.Sites) < 4 {
				ff.Sites = append(ff.Sites, fmt.Sprintf("%s L%d", s.Func, r.pass.Fset.Position(s.Pos).Line))
			}
		}
		r.pass.ExportObjectFact(f, ff)
	}
}

// funcName names fn for evidence: its declared name, or "Outer (closure)"
// for a function literal, so that two observations in one declaration do
// not read as a duplicate.
func funcName(fn *ssa.Function) string {
	closure := fn.Parent() != nil
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if closure {
		return fn.Name() + " (closure)"
	}
	return fn.Name()
}

// access classifies one field access.
func (c *collector) access(f *lockset.Func, fa *ssa.FieldAddr, field *types.Var, named *types.Named, ctx Context) *Access {
	root, path, ok := c.ls.Base(fa)
	if !ok || len(path) == 0 {
		return nil
	}
	acc := &Access{Field: field, Struct: named, Func: f, Instr: fa, Root: root, Path: path, Context: ctx}
	if l, ok := c.ls.ResolveLock(fa); ok {
		acc.Name = l.Name
	}
	refs := fa.Referrers()
	if refs == nil {
		return acc
	}
	for _, ref := range *refs {
		switch u := ref.(type) {
		case *ssa.Store:
			if u.Addr == fa && !acc.Write {
				acc.Write, acc.WriteInstr = true, u
			}
		case *ssa.UnOp:
			if u.Op != token.MUL {
				continue
			}
			acc.Loads = append(acc.Loads, u)
			if !acc.Write {
				if wi := c.mutation(u); wi != nil {
					acc.Write, acc.WriteInstr = true, wi
				}
			}
		}
	}
	if !acc.Write && len(acc.Loads) > 0 {
		acc.LenOnly = true
		for _, l := range acc.Loads {
			if !onlyLen(l) {
				acc.LenOnly = false
			}
		}
	}
	if acc.Context == Normal && c.isFresh(f.Function(), root) {
		acc.Context = Constructor
	}
	return acc
}

func onlyLen(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch u := r.(type) {
		case *ssa.Call:
			b, ok := u.Call.Value.(*ssa.Builtin)
			if !ok || b.Name() != "len" {
				return false
			}
		case *ssa.BinOp:
			// m != nil / m == nil: reads the field, not the map.
			if u.Op != token.EQL && u.Op != token.NEQ {
				return false
			}
			other := u.X
			if other == v {
				other = u.Y
			}
			if k, ok := other.(*ssa.Const); !ok || !k.IsNil() {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// mutation returns the first instruction that mutates the map value v.
func (c *collector) mutation(v ssa.Value) ssa.Instruction {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	for _, ref := range *refs {
		if MutatesMap(ref, v, c.mutates) {
			return ref
		}
	}
	return nil
}

// MutatesMap reports whether instr mutates map value v: an index
// assignment (also m[k]++ and m[k] op= v), delete, clear, maps.Copy (its
// destination), maps.Insert, maps.DeleteFunc, or a call of a function of
// the package whose summary mutates that parameter (summaries may be nil).
func MutatesMap(instr ssa.Instruction, v ssa.Value, summaries map[*ssa.Function][]bool) bool {
	switch u := instr.(type) {
	case *ssa.MapUpdate:
		return u.Map == v
	case *ssa.Call:
		cc := u.Common()
		if len(cc.Args) == 0 {
			return false
		}
		switch callee := cc.Value.(type) {
		case *ssa.Builtin:
			return (callee.Name() == "delete" || callee.Name() == "clear") && cc.Args[0] == v
		}
		fn := cc.StaticCallee()
		if fn == nil {
			return false
		}
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "maps" {
			switch obj.Name() {
			case "Copy", "Insert", "DeleteFunc":
				return cc.Args[0] == v
			}
			return false
		}
		if o := fn.Origin(); o != nil {
			fn = o
		}
		if ps := summaries[fn]; ps != nil {
			for i, a := range cc.Args {
				if a == v && i < len(ps) && ps[i] {
					return true
				}
			}
		}
	}
	return false
}

// summaries computes mutation summaries, sync.Once initialisers,
// fresh-value functions and constructor helpers.
func (c *collector) summaries() {
	for round := 0; round < 3; round++ {
		for _, fn := range c.funcs {
			if fn.Parent() != nil {
				continue
			}
			ps := make([]bool, len(fn.Params))
			any := false
			for i, p := range fn.Params {
				if !IsMap(p.Type()) || p.Referrers() == nil {
					continue
				}
				for _, ref := range *p.Referrers() {
					if MutatesMap(ref, p, c.mutates) {
						ps[i], any = true, true
						break
					}
				}
			}
			if any {
				c.mutates[fn] = ps
			}
		}
	}
	prog := c.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).Pkg.Prog
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil || !isOnceCall(callee) || len(call.Call.Args) == 0 {
					continue
				}
				arg := call.Call.Args[len(call.Call.Args)-1]
				if mi, ok := arg.(*ssa.MakeInterface); ok {
					arg = mi.X
				}
				var target *ssa.Function
				switch a := arg.(type) {
				case *ssa.Function:
					target = a
				case *ssa.MakeClosure:
					target, _ = a.Fn.(*ssa.Function)
					if target != nil && target.Synthetic != "" {
						if m, ok := target.Object().(*types.Func); ok {
							target = prog.FuncValue(m)
						}
					}
				}
				if target != nil {
					c.onceFuncs[target] = true
				}
			}
		}
	}
	// Fresh: every return returns a value allocated in the function.
	for _, fn := range c.funcs {
		if fn.Parent() != nil || fn.Signature.Results().Len() == 0 {
			continue
		}
		rets := 0
		ok := true
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ret, isRet := instr.(*ssa.Return)
				if !isRet {
					continue
				}
				rets++
				if len(ret.Results) == 0 {
					ok = false
					continue
				}
				if _, isAlloc := ret.Results[0].(*ssa.Alloc); !isAlloc {
					ok = false
				}
			}
		}
		if ok && rets > 0 {
			c.fresh[fn] = true
		}
	}
	// Constructor helpers: unexported functions, and exported functions
	// that are not methods (badger's WriteKeyRegistry(reg, opt), called in
	// the package only on the registry OpenKeyRegistry just built), only
	// ever called in the package on fresh values. Exported methods are the
	// type's API: their callers are elsewhere.
	for round := 0; round < 2; round++ {
		for _, fn := range c.funcs {
			if fn.Parent() != nil || fn.Object() == nil || (fn.Object().Exported() && fn.Signature.Recv() != nil) || c.ls.AddressTaken(fn) {
				continue
			}
			sites := c.ls.CallSites(fn)
			if len(sites) == 0 {
				continue
			}
			ps := make([]bool, len(fn.Params))
			for i := range ps {
				ps[i] = true
			}
			nonTest := 0
			for _, s := range sites {
				call, ok := s.(*ssa.Call)
				if !ok {
					ps = nil
					break
				}
				if c.inTestFile(call.Pos()) {
					continue // tests call helpers on values they own
				}
				nonTest++
				c.keepFreshArgs(call, ps)
			}
			if ps != nil && nonTest > 0 {
				c.ctorParam[fn] = ps
			}
		}
	}
}

func (c *collector) inTestFile(pos token.Pos) bool { return lockset.InTestFile(c.pass.Fset, pos) }

func isOnceCall(fn *ssa.Function) bool {
	if fn.Pkg == nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	switch obj.Name() {
	case "Do":
		return strings.Contains(obj.FullName(), "Once")
	case "OnceFunc", "OnceValue", "OnceValues":
		return true
	}
	return false
}

// isFresh reports whether root, used in fn, is a value fn allocated (or got
// from a function returning fresh values, or a parameter of a constructor
// helper that is only passed fresh values).
func (c *collector) isFresh(fn *ssa.Function, root ssa.Value) bool {
	switch r := root.(type) {
	case *ssa.Alloc:
		return r.Parent() == fn || c.runsInline(fn, r.Parent())
	case *ssa.Call:
		if callee := r.Call.StaticCallee(); callee != nil && r.Parent() == fn {
			if o := callee.Origin(); o != nil {
				callee = o
			}
			if c.fresh[callee] {
				return true
			}
			// m.getShard(k) on the m the constructor is building: an
			// element of a slice field of a fresh value, every element of
			// which the constructor allocated (benthos' memory cache seeding
			// its initial values through its shard picker).
			if i, field, ok := c.elementPicker(callee); ok && i < len(r.Call.Args) {
				arg := r.Call.Args[i]
				return c.isFresh(fn, arg) && c.sliceFieldFresh(fn, arg, field)
			}
		}
	case *ssa.UnOp:
		// r.buckets[i] read back after r.buckets[i] = &bucket{...}, with r
		// itself fresh: the element is still private to the constructor.
		if ia, ok := r.X.(*ssa.IndexAddr); ok && r.Op == token.MUL && r.Parent() == fn {
			return c.freshElement(fn, ia)
		}
	case *ssa.IndexAddr:
		return r.Parent() == fn && c.freshElement(fn, r)
	case *ssa.TypeAssert:
		// set := pool.Get().(*Set): a pooled value belongs to the one
		// caller that got it (go-datastructures' set.New).
		return r.Parent() == fn && isPoolGet(r.X)
	case *ssa.Parameter:
		ps := c.ctorParam[r.Parent()]
		if r.Parent().Parent() != nil {
			ps = c.optionParams(r.Parent())
		}
		for i, p := range r.Parent().Params {
			if p == r && i < len(ps) && ps[i] {
				return true
			}
		}
	}
	return false
}

// keepFreshArgs clears ps[i] unless call passes, as argument i, a value
// its caller is still constructing (isFresh).
func (c *collector) keepFreshArgs(call *ssa.Call, ps []bool) {
	for i := range ps {
		if !ps[i] {
			continue
		}
		if i >= len(call.Call.Args) {
			ps[i] = false
			continue
		}
		root, _, ok := c.ls.Base(call.Call.Args[i])
		if !ok || !c.isFresh(call.Parent(), root) {
			ps[i] = false
		}
	}
}

// optionParams returns, for closure fn, which of its parameters receive a
// fresh value at every call of it the package makes: its direct calls and
// every call of a func value of its signature (the functional option
// pattern: WithX returns func(c *Cache) { c.items[k] = v }, and only
// NewCache applies options, to the &Cache{} it has just allocated). The
// closure must not be handed to another package's function (which could
// apply it to a shared value); a go or defer site, a test-only set of
// callers, or no call at all give nothing. An Apply(opts...) method that
// applies options to its receiver (a live value) defeats the rule.
func (c *collector) optionParams(fn *ssa.Function) []bool {
	if ps, ok := c.optParams[fn]; ok {
		return ps
	}
	c.optParams[fn] = nil // in progress: recursion proves nothing
	if len(fn.Params) == 0 || fn.Signature.Recv() != nil || c.closureEscapes(fn) {
		return nil
	}
	sites := append([]ssa.CallInstruction(nil), c.ls.Callers(fn)...)
	for _, call := range c.dynamicCalls() {
		if types.Identical(call.Call.Signature(), fn.Signature) {
			sites = append(sites, call)
		}
	}
	ps := make([]bool, len(fn.Params))
	for i, p := range fn.Params {
		_, isPtr := types.Unalias(p.Type()).Underlying().(*types.Pointer)
		ps[i] = isPtr
	}
	calls, ok := c.nonTestCalls(sites)
	if !ok {
		return nil
	}
	for _, call := range calls {
		c.keepFreshArgs(call, ps)
	}
	if len(calls) == 0 {
		return nil
	}
	c.optParams[fn] = ps
	return ps
}

// closureEscapes reports whether a value of closure fn is passed to a
// function of another package, converted to an interface, or sent on a
// channel: callers we cannot see may apply it to anything.
func (c *collector) closureEscapes(fn *ssa.Function) bool {
	p := fn.Parent()
	if p == nil {
		return true
	}
	// The closure's value: its MakeClosure, or the function itself when
	// it captures nothing.
	isValue := func(v ssa.Value) bool {
		if mc, ok := v.(*ssa.MakeClosure); ok {
			return mc.Fn == fn
		}
		return v == fn
	}
	var ops []*ssa.Value
	for _, b := range p.Blocks {
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if op == nil || !isValue(*op) {
					continue
				}
				if _, ok := instr.(*ssa.MakeClosure); ok && instr.(*ssa.MakeClosure).Fn == fn {
					continue
				}
				switch u := instr.(type) {
				case *ssa.MakeInterface, *ssa.Send:
					return true
				case ssa.CallInstruction:
					if isValue(u.Common().Value) {
						continue
					}
					callee := u.Common().StaticCallee()
					if callee == nil || callee.Pkg != fn.Pkg {
						return true
					}
				}
			}
		}
	}
	return false
}

// runsInline reports whether closure fn is nested in anc and none of the
// closures between them is started on a goroutine by its creator (go,
// wg.Go, errgroup, time.AfterFunc, spawners) or stored for later (in a
// field, a variable, a map): then a value anc allocated and fn fills is
// still being constructed (h := &Handler{...}; loop <- func() { h.log[p] =
// 1; done <- struct{}{} }; <-done; return h). A goroutine started in a
// constructor, or a callback it installs (c.onEvict = func(k string) {
// delete(c.items, k) }), runs alongside the value's later users: its
// accesses are not construction.
func (c *collector) runsInline(fn, anc *ssa.Function) bool {
	for g := fn; g.Parent() != nil; g = g.Parent() {
		p := g.Parent()
		roots, ok := c.started[p]
		if !ok {
			roots = map[*ssa.Function]bool{}
			for _, r := range goroutines.Find(p, nil) {
				roots[r.Fn] = true
			}
			c.started[p] = roots
		}
		if roots[g] || storedClosure(p, g) {
			return false
		}
		if p == anc {
			return true
		}
	}
	return false
}

// storedClosure reports whether p keeps closure g for later: its value is
// stored into memory or a map, or returned.
func storedClosure(p, g *ssa.Function) bool {
	for _, b := range p.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != g || mc.Referrers() == nil {
				continue
			}
			for _, ref := range *mc.Referrers() {
				switch ref.(type) {
				case *ssa.Store, *ssa.MapUpdate, *ssa.Return, *ssa.Phi, *ssa.MakeInterface:
					return true
				}
			}
		}
	}
	return false
}

// isPoolGet reports whether v is the result of (*sync.Pool).Get.
func isPoolGet(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Name() != "Get" || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "sync" {
		return false
	}
	recv := callee.Signature.Recv()
	return recv != nil && strings.HasSuffix(recv.Type().String(), "sync.Pool")
}

// freshElement reports whether fn stores a fresh value into the slice
// element ia denotes (same slice field of the same fresh value, same index).
func (c *collector) freshElement(fn *ssa.Function, ia *ssa.IndexAddr) bool {
	base, ok := sliceField(ia.X)
	if !ok || !c.isFresh(fn, base.X) {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			sa, ok := st.Addr.(*ssa.IndexAddr)
			if !ok || sa.Index != ia.Index {
				continue
			}
			if other, ok := sliceField(sa.X); ok && other.X == base.X && other.Field == base.Field {
				if _, isAlloc := st.Val.(*ssa.Alloc); isAlloc && c.isFresh(fn, st.Val) {
					return true
				}
			}
		}
	}
	return false
}

// elementPicker reports whether fn (a function of the package) returns, at
// every return, an element of a slice field of one of its parameters
// (return c.shards[h%n]): which parameter, and which field.
func (c *collector) elementPicker(fn *ssa.Function) (param, field int, ok bool) {
	if fn.Pkg == nil || fn.Pkg.Pkg != c.pass.Pkg || len(fn.Blocks) == 0 || fn.Signature.Results().Len() != 1 {
		return 0, 0, false
	}
	param, field = -1, -1
	for _, b := range fn.Blocks {
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet {
			continue
		}
		load, isLoad := ret.Results[0].(*ssa.UnOp)
		if !isLoad || load.Op != token.MUL {
			return 0, 0, false
		}
		ia, isIdx := load.X.(*ssa.IndexAddr)
		if !isIdx {
			return 0, 0, false
		}
		fa, isField := sliceField(ia.X)
		if !isField {
			return 0, 0, false
		}
		p, isParam := fa.X.(*ssa.Parameter)
		if !isParam {
			return 0, 0, false
		}
		i := paramIndex(fn, p)
		if i < 0 || (param >= 0 && (i != param || fa.Field != field)) {
			return 0, 0, false
		}
		param, field = i, fa.Field
	}
	return param, field, param >= 0
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// sliceFieldFresh reports whether every element fn puts in the slice field
// of the fresh value root is a value fn allocated: each store of the field
// is nil, an append of fresh values to the field, or a slice fn made or
// wrote as a literal whose element stores are all fresh; stores into the
// field's elements are fresh too. A field fn never stores is not fresh
// (root came from elsewhere with its elements).
func (c *collector) sliceFieldFresh(fn *ssa.Function, root ssa.Value, field int) bool {
	isField := func(v ssa.Value) bool {
		fa, ok := v.(*ssa.FieldAddr)
		return ok && fa.X == root && fa.Field == field
	}
	stored := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if isField(st.Addr) {
				stored = true
				if !c.freshElements(fn, st.Val, isField, 0) {
					return false
				}
				continue
			}
			// c.shards[i] = x
			if ia, ok := st.Addr.(*ssa.IndexAddr); ok {
				if fa, ok := sliceField(ia.X); ok && isField(fa) && !c.isFresh(fn, st.Val) {
					return false
				}
			}
		}
	}
	return stored
}

// freshElements reports whether the slice value v holds only values fn
// allocated (see sliceFieldFresh); isField recognises the field itself,
// whose earlier content the caller checks store by store.
func (c *collector) freshElements(fn *ssa.Function, v ssa.Value, isField func(ssa.Value) bool, depth int) bool {
	if depth > 4 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil()
	case *ssa.UnOp:
		return v.Op == token.MUL && isField(v.X)
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(v.Call.Args) == 2 {
			return c.freshElements(fn, v.Call.Args[0], isField, depth+1) && c.freshElements(fn, v.Call.Args[1], isField, depth+1)
		}
	case *ssa.Slice:
		// A literal or the variadic arguments of append: an array fn
		// allocated, every element store of which is fresh.
		if arr, ok := v.X.(*ssa.Alloc); ok && arr.Parent() == fn {
			return c.arrayStoresFresh(fn, arr)
		}
	case *ssa.MakeSlice:
		return c.arrayStoresFresh(fn, v)
	}
	return false
}

// arrayStoresFresh reports whether every store fn makes into an element of
// arr (an array it allocated, or a slice it made) stores a fresh value, and
// arr is used for nothing but those stores, slicing, len and append.
func (c *collector) arrayStoresFresh(fn *ssa.Function, arr ssa.Value) bool {
	refs := arr.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch u := ref.(type) {
		case *ssa.IndexAddr:
			urefs := u.Referrers()
			if urefs == nil {
				return false
			}
			for _, r := range *urefs {
				st, ok := r.(*ssa.Store)
				if !ok {
					if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
						continue
					}
					if _, ok := r.(*ssa.DebugRef); ok {
						continue
					}
					return false
				}
				if st.Addr != u || !c.isFresh(fn, st.Val) {
					return false
				}
			}
		case *ssa.Slice, *ssa.DebugRef:
			// Slicing the array.
		case *ssa.Store:
			// Storing the made slice into a field (of the fresh value:
			// the caller checks the field's stores).
			if _, ok := u.Addr.(*ssa.FieldAddr); !ok || u.Val != arr {
				return false
			}
		case *ssa.Call:
			if b, ok := u.Call.Value.(*ssa.Builtin); !ok || (b.Name() != "len" && b.Name() != "append" && b.Name() != "cap") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// sliceField returns the field address a slice value was loaded from
// (*FieldAddr(x, f)).
func sliceField(v ssa.Value) (*ssa.FieldAddr, bool) {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	return fa, ok
}

// funcContext classifies a function: test file, +checklocksignore,
// sync.Once initialiser (or a closure inside one).
func (c *collector) funcContext(fn *ssa.Function) Context {
	if c.inTestFile(fn.Pos()) {
		return Test
	}
	for g := fn; g != nil; g = g.Parent() {
		if c.onceFuncs[g] {
			return Once
		}
		if f := c.ls.Func(g); f != nil && f.Summary().Ignore {
			return Ignored
		}
	}
	return Normal
}

// AssignsField reports whether fn assigns acc's field on the same instance
// (for a package-level map, the variable).
func AssignsField(ls *lockset.Result, fn *ssa.Function, acc *Access) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if acc.Global != nil {
				if st.Addr == acc.Global {
					return true
				}
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || fa.Field != acc.Instr.Field {
				continue
			}
			root, path, ok := ls.Base(fa)
			if ok && root == acc.Root && strings.Join(path, ".") == strings.Join(acc.Path, ".") {
				return true
			}
		}
	}
	return false
}

// observe records acc (an access in fn outside constructors, once
// initialisers, init and tests) as evidence for fi's guard: one observation
// per function, written if any of its accesses writes, locked by a mutex
// if every access holds it. An access in an unexported function or closure
// whose every call in the package is made with the mutex held, directly or
// through callers that all hold it (callersExclude: the go-zero eviction
// callback stored in a field and run under the owner's lock), counts as
// locked: guardedmap stays silent on it, so it must not dilute the ratio
// either. The vouch is stricter than CallerHolds (some caller, some path):
// a lock some dispatch loop holds on some paths would otherwise look like
// the guard of everything it dispatches to.
func (c *collector) observe(fi *fieldInfo, acc *Access, fn *ssa.Function) {
	if acc.Write {
		if _, isStore := acc.WriteInstr.(*ssa.Store); !isStore && !AssignsField(c.ls, fn, acc) {
			fi.inPlaceWrites++
		}
	}
	at := acc.At()
	locks := map[string]bool{}
	held := func(mu string) bool {
		if _, ok := acc.HeldAt(at, mu, false); ok {
			return true
		}
		return c.callersExclude(fn, -1, acc.TypeID(mu), false, map[*ssa.Function]bool{}, 0)
	}
	for _, m := range fi.mutexes {
		if held(m.path) {
			locks[m.path] = true
		}
	}
	if fi.declared != nil && !locks[fi.declared.Mutex] && held(fi.declared.Mutex) {
		locks[fi.declared.Mutex] = true
	}
	if fi.obs == nil {
		fi.obs = map[*ssa.Function]int{}
	}
	_, isStore := acc.WriteInstr.(*ssa.Store)
	assign := acc.Write && isStore && len(acc.Loads) == 0
	if i, ok := fi.obs[fn]; ok {
		fi.assignOnly[i] = fi.assignOnly[i] && assign
		fi.sites[i].Write = fi.sites[i].Write || acc.Write
		for m := range fi.siteLocks[i] {
			if !locks[m] {
				delete(fi.siteLocks[i], m)
			}
		}
		return
	}
	fi.obs[fn] = len(fi.sites)
	fi.sites = append(fi.sites, Site{Pos: acc.Pos(), Func: funcName(fn), Write: acc.Write})
	fi.siteLocks = append(fi.siteLocks, locks)
	fi.assignOnly = append(fi.assignOnly, assign)
}

// WriteExcludedBy reports whether write access w runs with a lock of
// type-level identity typ held exclusively: taken by w's function itself,
// or held by every in-package caller of it (an unexported function or
// closure, reached through direct calls or the func values lockset.Callers
// resolves: river's producerAdd, stored as a method value in the queue
// bundle and called under the bundle's startStopMu), recursively through
// unexported callers. A call that passes a value under construction as the
// owner of the map (NewClient calling c.producerAdd on the client it is
// building) needs no lock. go and defer sites, exported functions and
// functions without a non-test caller give false.
func (r *Result) WriteExcludedBy(w *Access, typ string) bool {
	if typ == "" || w == nil || w.Func == nil {
		return false
	}
	for _, h := range w.Func.Before(w.At()).Locks() {
		if h.Type == typ && h.Kind == lockset.Exclusive {
			return true
		}
	}
	if r.col == nil {
		return false
	}
	fn := w.Func.Function()
	idx := -1
	if p, ok := w.Root.(*ssa.Parameter); ok {
		for i, q := range fn.Params {
			if q == p {
				idx = i
			}
		}
	}
	return r.col.callersExclude(fn, idx, typ, true, map[*ssa.Function]bool{}, 0)
}

// CallersHold returns the type-level identities of the locks that every
// in-package caller of fn (an unexported function or a closure) holds, in
// any mode, on every path to the call, directly or through its own
// callers (river's producersAsServices closure, called by Start with
// startStopMu held and by Start's stop goroutine after it locks it again).
func (r *Result) CallersHold(fn *ssa.Function) []string {
	if r.col == nil || fn == nil {
		return nil
	}
	cand := map[string]bool{}
	for _, site := range r.ls.Callers(fn) {
		if lf := r.ls.Func(site.Parent()); lf != nil {
			for _, h := range lf.Before(site).Locks() {
				if h.Type != "" {
					cand[h.Type] = true
				}
			}
		}
	}
	var out []string
	for typ := range cand {
		if r.col.callersExclude(fn, -1, typ, false, map[*ssa.Function]bool{}, 0) {
			out = append(out, typ)
		}
	}
	sort.Strings(out)
	return out
}

// callersExclude reports whether fn (an unexported function or a closure)
// has at least one call site in the package's non-test code and every one
// is a direct call (not go or defer) made with a lock of type-level
// identity typ held on every path (exclusively, if exclusive), or from a
// function for which this holds in turn; with idx >= 0, a call passing a
// value under construction as argument idx needs no lock. Callers come
// from valueCallers: when some may be unknown (a method value that leaves
// the package), the answer is false.
func (c *collector) callersExclude(fn *ssa.Function, idx int, typ string, exclusive bool, memo map[*ssa.Function]bool, depth int) bool {
	if typ == "" || fn == nil || depth > maxCallerDepth {
		return false
	}
	if v, ok := memo[fn]; ok {
		return v
	}
	memo[fn] = false
	if fn.Parent() == nil && (fn.Object() == nil || fn.Object().Exported()) {
		return false
	}
	sites, ok := c.valueCallers(fn)
	if !ok {
		return false
	}
	calls, ok := c.nonTestCalls(sites)
	if !ok {
		return false
	}
	for _, call := range calls {
		caller := call.Parent()
		held := false
		if lf := c.ls.Func(caller); lf != nil {
			for _, h := range lf.Before(call).Locks() {
				if h.Type == typ && (h.Kind == lockset.Exclusive || !exclusive) {
					held = true
					break
				}
			}
		}
		if held {
			continue
		}
		if idx >= 0 && idx < len(call.Call.Args) && call.Call.StaticCallee() != nil {
			// Construction: the owner of the map is a value the caller
			// is still building.
			if root, _, ok := c.ls.Base(call.Call.Args[idx]); ok && c.isFresh(caller, root) {
				continue
			}
		}
		if !c.callersExclude(caller, -1, typ, exclusive, memo, depth+1) {
			return false
		}
	}
	memo[fn] = len(calls) > 0
	return len(calls) > 0
}

// nonTestCalls returns the distinct call sites among sites that are not in
// _test.go files; ok is false when one of them is a go or defer statement
// (the callee does not run where it is started).
func (c *collector) nonTestCalls(sites []ssa.CallInstruction) (calls []*ssa.Call, ok bool) {
	seen := map[ssa.CallInstruction]bool{}
	for _, s := range sites {
		if seen[s] {
			continue
		}
		seen[s] = true
		call, isCall := s.(*ssa.Call)
		if !isCall {
			return nil, false
		}
		if !c.inTestFile(call.Pos()) {
			calls = append(calls, call)
		}
	}
	return calls, true
}

// valueCallers returns lockset.Callers(fn) and whether that list is every
// call of fn there can be (lockset.CallersComplete: fn's value, if taken,
// stays in the package; a bound method value kept in a field and called
// through it counts, one handed to another package or boxed in an
// interface does not).
func (c *collector) valueCallers(fn *ssa.Function) ([]ssa.CallInstruction, bool) {
	if !c.ls.CallersComplete(fn) {
		return nil, false
	}
	return c.ls.Callers(fn), true
}

// dynamicCalls returns the package's calls of func values.
func (c *collector) dynamicCalls() []*ssa.Call {
	if c.dynCalls == nil {
		c.dynCalls = []*ssa.Call{}
		for _, g := range c.funcs {
			for _, b := range g.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(*ssa.Call); ok && !call.Call.IsInvoke() && call.Call.StaticCallee() == nil {
						if _, isBuiltin := call.Call.Value.(*ssa.Builtin); !isBuiltin {
							c.dynCalls = append(c.dynCalls, call)
						}
					}
				}
			}
		}
	}
	return c.dynCalls
}

// maxCallerDepth bounds the walk up through unexported callers.
const maxCallerDepth = 8

// CallerHolds reports whether fn is an unexported function or a closure
// with a call site in the package where a lock of type-level identity typ
// may be held — directly, or in a caller of the caller (through unexported
// functions and closures only). go and defer sites never vouch: the callee
// does not run under the caller's locks there. Exported functions never
// do: callers outside the package need not lock.
func CallerHolds(ls *lockset.Result, fn *ssa.Function, typ string) bool {
	return callerHolds(ls, fn, typ, map[*ssa.Function]bool{}, 0)
}

func callerHolds(ls *lockset.Result, fn *ssa.Function, typ string, seen map[*ssa.Function]bool, depth int) bool {
	if typ == "" || fn == nil || seen[fn] || depth > maxCallerDepth {
		return false
	}
	seen[fn] = true
	if fn.Parent() == nil && (fn.Object() == nil || fn.Object().Exported()) {
		return false
	}
	for _, site := range ls.Callers(fn) {
		call, ok := site.(*ssa.Call)
		if !ok {
			continue
		}
		caller := call.Parent()
		if lf := ls.Func(caller); lf != nil {
			for _, h := range lf.MayBefore(call).Locks() {
				if h.Type == typ {
					return true
				}
			}
		}
		if callerHolds(ls, caller, typ, seen, depth+1) {
			return true
		}
	}
	return false
}
