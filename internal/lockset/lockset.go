// Package lockset is mapguard's lockset engine: for every SSA instruction
// of a package it computes the mutexes held before the instruction executes,
// and for every function a summary of its locking behaviour. Checks that
// reason about locks (guardedmap, mapconcurrent, mapalias) require
// Analyzer and read its *Result.
//
// # What is tracked
//
//   - sync.Mutex and sync.RWMutex values: fields (c.mu, s.state.mu), embedded
//     mutexes (c.Lock() with an embedded sync.Mutex is the lock "c.Mutex"),
//     package variables, locals (also when captured by closures: a closure's
//     free variable is resolved to the value bound by its creator), and
//     sync.Locker interface values (including rw.RLocker(), a read lock).
//   - Lock/RLock add a lock (Exclusive/Shared); Unlock/RUnlock remove it;
//     TryLock/TryRLock add it on the success edge of the `if` testing the
//     result; `defer mu.Unlock()` keeps the lock held until the function
//     returns (the release is recorded for the summary).
//   - Joins: Before(instr) is the set held on every path (intersection, in
//     the weaker mode); MayBefore(instr) the set held on some path (union),
//     so a check can say "locked on some paths but not all". Loops iterate
//     to a fixpoint. A panicking block contributes no exit.
//   - Calls: a callee whose summary acquires or releases a lock (a
//     `lock()` helper, `unlock()` helper, a closure called in place) has
//     that effect at the call, mapped through the arguments. Summaries of
//     other packages' functions travel as FuncFact facts.
//   - Entry: a function starts with the locks it requires (see Summary):
//     `+checklocks:x.mu`/`+checklocksread:x.mu` annotations, a name ending
//     in Locked/locked (the receiver's mutexes), a doc comment saying the
//     caller must hold the lock ("must hold c.mu", "called with mu held"), or,
//     for functions whose every use in the package is a direct call, the
//     locks every such caller holds (inferred). A closure that is called synchronously
//     (in place, deferred, or passed to a call that is not `go`) inherits the
//     locks its creator holds there.
//
// # Lock identity
//
// A Lock has a Key (root SSA value + dotted field path), exact within a
// function and its closures, a Name for messages ("c.mu"), and a type-level
// identity Type ("(example.com/p.T).mu", or "example.com/p.mu" for a package
// variable) that makes two methods of T lock "the same" mutex. Same(a, b)
// compares by Key, then by Type.
//
// # Example
//
//	var Analyzer = &analysis.Analyzer{
//		Requires: []*analysis.Analyzer{lockset.Analyzer, buildssa.Analyzer},
//		...
//	}
//
//	func run(pass *analysis.Pass) (any, error) {
//		ls := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
//		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
//			f := ls.Func(fn)
//			for _, b := range fn.Blocks {
//				for _, instr := range b.Instrs {
//					held := f.Before(instr)    // held on all paths
//					some := f.MayBefore(instr) // held on some path
//					if mu, ok := ls.ResolveLock(someMutexAddr); ok {
//						if h, ok := held.Lookup(mu.Key); ok && h.Kind == lockset.Exclusive { ... }
//					}
//					_ = some
//				}
//			}
//		}
//		return nil, nil
//	}
//
// Across goroutines or functions, lockset.Common(f1.Before(i1),
// f2.Before(i2)) returns the locks both accesses hold (by Same).
//
// # API summary
//
//   - Result.Func(fn) *Func; Func.Before(instr) / MayBefore(instr) *Set
//     (held on all paths / on some path); Func.Entry() (Required and
//     Inherited locks); Func.Summary().
//   - Set: Len, Locks() []Held (Lock, Kind Shared/Exclusive, Pos of the
//     acquisition, Origin Acquired/Required/Inherited, Reason), Lookup(Key),
//     Find(Lock) (by Key, then type-level), Common(a, b).
//   - Lock identity: Result.ResolveLock(v) for a mutex value,
//     Result.Base(v) (root + field path of any address, e.g. &c.items),
//     Sibling(root, path, "mu") (the Key of c.mu next to c.items),
//     TypeID(named, "mu") (type-level identity "(p.T).mu"), TypeLevelKey.
//   - Calls: Operation(call) classifies Lock/RLock/Unlock/RUnlock/TryLock/
//     TryRLock; Result.SummaryOf(fn) (this package or facts),
//     Result.RequiredLocks(call, fn) (a callee's Requires in the caller's
//     terms), Result.CallSites(fn) (direct calls), Result.Callers(fn) (also
//     calls through closure variables and, for a func value that stays in
//     the package, dynamic calls of its signature), Result.AddressTaken(fn).
//   - Summary: Requires, Acquires, Releases (Refs: parameter index + field
//     path, package variable, or type-level), Callbacks (locks held when
//     the function calls its func parameter: withLock helpers), Ignore
//     (+checklocksignore). FuncFact carries it across packages.
package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer computes the *Result of the package and exports a *FuncFact for
// every function with a non-empty Summary that other packages can call
// (FactWorthy).
var Analyzer = &analysis.Analyzer{
	Name:             "lockset",
	Doc:              "compute the mutexes held at each SSA instruction (mapguard engine)",
	URL:              "https://github.com/mapguard/mapguard/blob/main/internal/lockset",
	Requires:         []*analysis.Analyzer{buildssa.Analyzer},
	ResultType:       reflect.TypeOf((*Result)(nil)),
	FactTypes:        []analysis.Fact{(*FuncFact)(nil)},
	RunDespiteErrors: true,
	Run:              runAnalyzer,
}

// Ref names a lock relative to a function, portably across packages: a
// field path from one of its parameters (the receiver is parameter 0) or
// from a package variable.
type Ref struct {
	// Param is an index into the function's Params; -1 for a package
	// variable; -2 for a type-level lock (a mutex of type-level identity
	// Var, e.g. "(p.T).mu", reached through no parameter: callers hold
	// t.mu of some T the function finds by itself).
	Param int
	Var   string // "import/path.name" when Param is -1; the Lock.Type when -2
	// Name is the source name of a type-level lock ("t.ns.mu") for messages.
	Name string
	Path string // dotted field path from the parameter or variable ("mu", "state.mu")
	Kind Kind
	// Reason explains a requirement: "+checklocks annotation", "name ends
	// in Locked", "doc comment", "every caller holds it".
	Reason string
}

func (r Ref) String() string {
	base := r.Var
	if r.Param == -2 {
		base = "type" + r.Var
	}
	if r.Param >= 0 {
		base = fmt.Sprintf("param%d", r.Param)
	}
	if r.Path != "" {
		base += "." + r.Path
	}
	return base
}

func (r Ref) same(o Ref) bool { return r.Param == o.Param && r.Var == o.Var && r.Path == o.Path }

// TypeLevelKey is the Key of a type-level lock (a Ref with Param -2).
func TypeLevelKey(typ string) Key { return Key{Path: "type:" + typ} }

// TypeID returns the type-level identity of the mutex field mu of struct
// type named: the Lock.Type of t.mu for any t of that type. mu may be a
// path through embedded or nested structs ("baseCache.mu"): the identity
// is then that of the innermost named struct holding the mutex, as for a
// lock resolved from t.baseCache.mu.
func TypeID(named *types.Named, mu string) string {
	if named == nil {
		return ""
	}
	owner := named.Origin()
	if strings.Contains(mu, ".") {
		elems := strings.Split(mu, ".")
		var t types.Type = owner
		for _, e := range elems[:len(elems)-1] {
			st, _ := structOf(t, false)
			if st == nil {
				return ""
			}
			var next types.Type
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i).Name() == e {
					next = st.Field(i).Type()
				}
			}
			if next == nil {
				return ""
			}
			if p, ok := types.Unalias(next).Underlying().(*types.Pointer); ok {
				next = p.Elem()
			}
			if _, n := structOf(next, false); n != nil {
				owner = n
			}
			t = next
		}
		mu = elems[len(elems)-1]
	}
	return "(" + typeName(owner) + ")." + mu
}

// Summary is what callers need to know about a function's locking.
type Summary struct {
	// Requires: locks that must be held on entry (and are assumed held
	// in the function's body).
	Requires []Ref
	// Acquires: locks held at every return that were not held on entry
	// (a lock() helper: "returns with L held").
	Acquires []Ref
	// Releases: locks the function releases without having acquired them
	// (an unlock() helper).
	Releases []Ref
	// Callbacks: for function-typed parameters the function calls, the
	// locks held at every such call (withLock(mu, func() {...}) helpers):
	// a closure passed there inherits them.
	Callbacks []Callback
	// Ignore: the function is annotated +checklocksignore.
	Ignore bool
}

// Callback is the set of locks a function holds whenever it calls its
// function-typed parameter Param.
type Callback struct {
	Param int
	Holds []Ref
}

func (s Summary) empty() bool {
	return len(s.Requires) == 0 && len(s.Acquires) == 0 && len(s.Releases) == 0 && len(s.Callbacks) == 0 && !s.Ignore
}

// FuncFact carries a function's Summary to importing packages.
type FuncFact struct{ Summary Summary }

// AFact implements analysis.Fact.
func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var parts []string
	add := func(what string, rs []Ref) {
		if len(rs) == 0 {
			return
		}
		var s []string
		for _, r := range rs {
			s = append(s, r.String())
		}
		parts = append(parts, what+"("+strings.Join(s, ",")+")")
	}
	add("requires", f.Summary.Requires)
	add("acquires", f.Summary.Acquires)
	add("releases", f.Summary.Releases)
	for _, cb := range f.Summary.Callbacks {
		add(fmt.Sprintf("callback%d", cb.Param), cb.Holds)
	}
	if f.Summary.Ignore {
		parts = append(parts, "ignore")
	}
	return "lockset " + strings.Join(parts, " ")
}

// Func is the lock information of one function.
type Func struct {
	fn       *ssa.Function
	entry    *Set
	points   [][]point
	tries    map[ssa.Value]Held
	acquires []Held
	releases []Lock
	summary  Summary
	declared bool  // Requires come from annotations, the name or the doc
	declAcq  []Ref // +checklocksacquire annotations
	declRel  []Ref // +checklocksrelease annotations
}

// Function returns the SSA function.
func (f *Func) Function() *ssa.Function { return f.fn }

// Entry returns the locks assumed held on entry (Required and Inherited).
func (f *Func) Entry() *Set {
	if f == nil {
		return nil
	}
	return f.entry
}

// Summary returns the function's summary in Ref form.
func (f *Func) Summary() Summary {
	if f == nil {
		return Summary{}
	}
	return f.summary
}

func (f *Func) point(instr ssa.Instruction) (point, bool) {
	if f == nil || instr == nil {
		return point{}, false
	}
	b := instr.Block()
	if b == nil || b.Parent() != f.fn || b.Index >= len(f.points) {
		return point{}, false
	}
	pts := f.points[b.Index]
	for i, x := range b.Instrs {
		if x == instr && i < len(pts) {
			return pts[i], true
		}
	}
	return point{}, false
}

// Before returns the locks held on every path to instr (before it runs).
func (f *Func) Before(instr ssa.Instruction) *Set {
	p, _ := f.point(instr)
	return p.must
}

// MayBefore returns the locks held on at least one path to instr.
func (f *Func) MayBefore(instr ssa.Instruction) *Set {
	p, _ := f.point(instr)
	return p.may
}

// Result is the lockset of one package.
type Result struct {
	res   *resolver
	funcs map[*ssa.Function]*Func
	run   *run
}

// Func returns the lock information of fn (a function of the package,
// including closures), or nil.
func (r *Result) Func(fn *ssa.Function) *Func { return r.funcs[fn] }

// SummaryOf returns the summary of fn: computed for functions of this
// package, imported from facts for others.
func (r *Result) SummaryOf(fn *ssa.Function) (Summary, bool) { return r.run.summaryOf(fn) }

// CallSites returns the call instructions of the package (direct calls,
// defer and go statements) whose static callee is fn.
func (r *Result) CallSites(fn *ssa.Function) []ssa.CallInstruction { return r.run.sites[fn] }

// AddressTaken reports whether fn is used other than by direct calls in
// this package (as a value, a method value, or possibly through an
// interface method of the same name): then its call sites are not all known.
func (r *Result) AddressTaken(fn *ssa.Function) bool { return r.run.addrTaken[fn] }

// RequiredLocks returns fn's Requires mapped to locks held at call (i.e. in
// the caller's terms), for checking that a caller holds what a callee needs.
func (r *Result) RequiredLocks(call ssa.CallInstruction, fn *ssa.Function) []Held {
	sum, ok := r.run.summaryOf(fn)
	if !ok {
		return nil
	}
	var out []Held
	for _, ref := range sum.Requires {
		if l, ok := r.run.refLock(ref, call.Common().Args); ok {
			out = append(out, Held{Lock: l, Kind: ref.Kind, Pos: call.Pos(), Origin: Required, Reason: ref.Reason})
		}
	}
	return out
}

// run is the state of one analysis pass.
type run struct {
	pass      *analysis.Pass
	pkg       *ssa.Package
	res       *resolver
	funcs     map[*ssa.Function]*Func
	sites     map[*ssa.Function][]ssa.CallInstruction
	addrTaken map[*ssa.Function]bool
	// wrappedByName: method names whose bound-method or thunk wrapper SSA
	// could not tie to a function (marked by name: CallersComplete cannot
	// follow such values).
	wrappedByName map[string]bool
	// For Callers: the package's functions, its dynamic calls (through a
	// func value of unknown origin), and memoised answers.
	srcFuncs []*ssa.Function
	dynCalls []ssa.CallInstruction
	invokes  []ssa.CallInstruction
	callers  map[*ssa.Function][]ssa.CallInstruction
	escapes  map[*ssa.Function]bool
	cond     map[*ssa.Function]map[Key]bool // ConditionalLocks
	instrIdx map[*ssa.Function]map[ssa.Instruction]int
	fvIndex  *funcValueIndex // built on first use
}

// instrIndex returns each instruction's position in its block, per function.
func (a *run) instrIndex(fn *ssa.Function) map[ssa.Instruction]int {
	if a.instrIdx == nil {
		a.instrIdx = map[*ssa.Function]map[ssa.Instruction]int{}
	}
	m, ok := a.instrIdx[fn]
	if !ok {
		m = map[ssa.Instruction]int{}
		for _, b := range fn.Blocks {
			for i, instr := range b.Instrs {
				m[instr] = i
			}
		}
		a.instrIdx[fn] = m
	}
	return m
}

func runAnalyzer(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	a := &run{
		pass:          pass,
		pkg:           ssainfo.Pkg,
		res:           &resolver{closures: map[*ssa.Function]*ssa.MakeClosure{}},
		funcs:         map[*ssa.Function]*Func{},
		sites:         map[*ssa.Function][]ssa.CallInstruction{},
		addrTaken:     map[*ssa.Function]bool{},
		wrappedByName: map[string]bool{},
		callers:       map[*ssa.Function][]ssa.CallInstruction{},
		escapes:       map[*ssa.Function]bool{},
		cond:          map[*ssa.Function]map[Key]bool{},
	}
	result := &Result{res: a.res, funcs: a.funcs, run: a}
	if a.pkg == nil {
		return result, nil
	}
	funcs := ssainfo.SrcFuncs
	a.index(funcs)
	for _, fn := range funcs {
		a.funcs[fn] = &Func{fn: fn}
	}
	// Declared requirements.
	for _, fn := range funcs {
		if fn.Parent() == nil {
			a.declared(a.funcs[fn])
		}
	}
	// Pass 1: callees before callers; closures before their creator.
	order := a.postorder(funcs)
	for _, fn := range order {
		a.compute(a.funcs[fn])
	}
	// Closures inherit their creator's locks (creator first).
	for _, fn := range funcs {
		if fn.Parent() != nil {
			f := a.funcs[fn]
			if inh := a.inherited(fn); inh.Len() > 0 {
				f.entry = mergeEntry(f.entry, inh)
				a.compute(f)
			}
		}
	}
	// Infer requirements from callers, a few rounds.
	for round := 0; round < 3; round++ {
		changed := false
		for _, fn := range order {
			f := a.funcs[fn]
			if fn.Parent() != nil || f.summary.Ignore || f.declared {
				continue
			}
			inf := a.inferFromCallers(fn)
			if len(inf) == 0 {
				continue
			}
			var add []Ref
			for _, r := range inf {
				if !hasRef(f.summary.Requires, r) {
					add = append(add, r)
				}
			}
			if len(add) == 0 {
				continue
			}
			f.summary.Requires = append(f.summary.Requires, add...)
			for _, r := range add {
				if l, ok := a.refLock(r, paramValues(fn)); ok {
					f.entry = f.entry.with(Held{Lock: l, Kind: r.Kind, Pos: fn.Pos(), Origin: Required, Reason: r.Reason})
				}
			}
			a.compute(f)
			for _, anon := range allAnon(fn) {
				af := a.funcs[anon]
				if af == nil {
					continue
				}
				if inh := a.inherited(anon); inh.Len() > 0 {
					af.entry = mergeEntry(af.entry, inh)
					a.compute(af)
				}
			}
			changed = true
		}
		if !changed {
			break
		}
	}
	// Export facts only where another package can read them (FactWorthy).
	for _, fn := range funcs {
		f := a.funcs[fn]
		if fn.Parent() != nil || f.summary.empty() {
			continue
		}
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == pass.Pkg && FactWorthy(pass.Fset, obj) {
			sum := f.summary
			pass.ExportObjectFact(obj, &FuncFact{Summary: sum})
		}
	}
	return result, nil
}

func allAnon(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, a := range fn.AnonFuncs {
		out = append(out, a)
		out = append(out, allAnon(a)...)
	}
	return out
}

func mergeEntry(entry, inh *Set) *Set {
	for _, h := range inh.Locks() {
		if _, ok := entry.Lookup(h.Key); !ok {
			entry = entry.with(h)
		}
	}
	return entry
}

func hasRef(rs []Ref, r Ref) bool {
	for _, x := range rs {
		if x.same(r) {
			return true
		}
	}
	return false
}

func paramValues(fn *ssa.Function) []ssa.Value {
	vs := make([]ssa.Value, len(fn.Params))
	for i, p := range fn.Params {
		vs[i] = p
	}
	return vs
}

// compute analyses f and derives its Ref summary (keeping Requires/Ignore).
func (a *run) compute(f *Func) {
	a.analyze(f)
	if f.fn.Parent() != nil {
		return
	}
	f.summary.Acquires = a.toRefs(f.fn, f.acquires)
	var rel []Held
	for _, l := range f.releases {
		rel = append(rel, Held{Lock: l, Kind: Exclusive})
	}
	f.summary.Releases = a.toRefs(f.fn, rel)
	f.summary.Callbacks = a.callbacks(f)
	for _, r := range f.declAcq {
		if !hasRef(f.summary.Acquires, r) {
			f.summary.Acquires = append(f.summary.Acquires, r)
		}
	}
	for _, r := range f.declRel {
		if !hasRef(f.summary.Releases, r) {
			f.summary.Releases = append(f.summary.Releases, r)
		}
	}
}

// callbacks computes the locks held at every call of each function-typed
// parameter of f.
func (a *run) callbacks(f *Func) []Callback {
	var out []Callback
	for i, p := range f.fn.Params {
		if _, ok := p.Type().Underlying().(*types.Signature); !ok || p.Referrers() == nil {
			continue
		}
		var common []Ref
		calls := 0
		for _, ref := range *p.Referrers() {
			call, ok := ref.(*ssa.Call)
			if !ok || call.Call.Value != p {
				continue
			}
			var refs []Ref
			for _, h := range f.Before(call).Locks() {
				if r, ok := refOf(f.fn, h.Lock); ok {
					r.Kind = h.Kind
					refs = append(refs, r)
				}
			}
			if calls == 0 {
				common = refs
			} else {
				common = intersectRefs(common, refs)
			}
			calls++
		}
		if len(common) > 0 {
			out = append(out, Callback{Param: i, Holds: common})
		}
	}
	return out
}

func intersectRefs(a, b []Ref) []Ref {
	var keep []Ref
	for _, r := range a {
		for _, o := range b {
			if r.same(o) {
				if o.Kind < r.Kind {
					r.Kind = o.Kind
				}
				keep = append(keep, r)
				break
			}
		}
	}
	return keep
}

// toRefs expresses locks rooted at fn's parameters or at package variables
// as Refs.
func (a *run) toRefs(fn *ssa.Function, hs []Held) []Ref {
	var out []Ref
	for _, h := range hs {
		if r, ok := refOf(fn, h.Lock); ok {
			r.Kind = h.Kind
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func refOf(fn *ssa.Function, l Lock) (Ref, bool) {
	switch root := l.Root.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == root {
				return Ref{Param: i, Path: l.Path}, true
			}
		}
	case *ssa.Global:
		if root.Pkg != nil {
			return Ref{Param: -1, Var: root.Pkg.Pkg.Path() + "." + root.Name(), Path: l.Path}, true
		}
	}
	return Ref{}, false
}

// summaryOf returns the summary of a function of this package or, from
// facts, of another.
func (a *run) summaryOf(fn *ssa.Function) (Summary, bool) {
	if fn == nil {
		return Summary{}, false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if f := a.funcs[fn]; f != nil {
		return f.summary, true
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == a.pass.Pkg {
		return Summary{}, false
	}
	var fact FuncFact
	if a.pass.ImportObjectFact(obj, &fact) {
		return fact.Summary, true
	}
	return Summary{}, false
}

// index records closure creation sites, static call sites and functions
// whose address is taken.
func (a *run) index(funcs []*ssa.Function) {
	a.srcFuncs = funcs
	boundNames := map[string]bool{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if cf, ok := mc.Fn.(*ssa.Function); ok {
						if cf.Synthetic != "" {
							a.markWrapped(cf, boundNames)
						} else if _, dup := a.res.closures[cf]; !dup {
							a.res.closures[cf] = mc
						}
					}
				}
				var callValue ssa.Value
				if ci, ok := instr.(ssa.CallInstruction); ok {
					c := ci.Common()
					if c.IsInvoke() {
						boundNames[c.Method.Name()] = true
						a.invokes = append(a.invokes, ci)
					} else {
						callValue = c.Value
						if callee, ok := c.Value.(*ssa.Function); ok {
							if o := callee.Origin(); o != nil {
								callee = o
							}
							a.sites[callee] = append(a.sites[callee], ci)
						} else if !isKnownCallee(c.Value) {
							a.dynCalls = append(a.dynCalls, ci)
						}
					}
				}
				var ops [8]*ssa.Value
				for _, op := range instr.Operands(ops[:0]) {
					if op == nil || *op == nil || *op == callValue {
						continue
					}
					if f, ok := (*op).(*ssa.Function); ok {
						if o := f.Origin(); o != nil {
							f = o
						}
						if f.Synthetic != "" {
							a.markWrapped(f, boundNames)
						}
						a.addrTaken[f] = true
					}
				}
			}
		}
	}
	for _, fn := range funcs {
		if fn.Signature.Recv() != nil && boundNames[fn.Name()] {
			a.addrTaken[fn] = true
		}
	}
}

// isKnownCallee reports whether a call through v has a known callee: a
// builtin, or a closure made right there.
func isKnownCallee(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Builtin, *ssa.MakeClosure:
		return true
	}
	return false
}

// markWrapped marks the method behind a bound-method or method-expression
// wrapper as address-taken (by its object when SSA tells it, else by name).
func (a *run) markWrapped(w *ssa.Function, boundNames map[string]bool) {
	if m, ok := w.Object().(*types.Func); ok {
		if target := a.pkg.Prog.FuncValue(m.Origin()); target != nil {
			a.addrTaken[target] = true
			return
		}
	}
	name := strings.TrimSuffix(strings.TrimSuffix(w.Name(), "$thunk"), "$bound")
	boundNames[name] = true
	a.wrappedByName[name] = true
}

// postorder orders funcs so that (non-recursive) callees and closures come
// before their callers.
func (a *run) postorder(funcs []*ssa.Function) []*ssa.Function {
	in := map[*ssa.Function]bool{}
	for _, fn := range funcs {
		in[fn] = true
	}
	seen := map[*ssa.Function]bool{}
	var out []*ssa.Function
	var visit func(fn *ssa.Function, depth int)
	visit = func(fn *ssa.Function, depth int) {
		if seen[fn] {
			return
		}
		seen[fn] = true
		if depth < 500 {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					var callee *ssa.Function
					switch x := instr.(type) {
					case *ssa.MakeClosure:
						callee, _ = x.Fn.(*ssa.Function)
					case ssa.CallInstruction:
						callee = x.Common().StaticCallee()
					}
					if callee != nil {
						if o := callee.Origin(); o != nil {
							callee = o
						}
						if in[callee] {
							visit(callee, depth+1)
						}
					}
				}
			}
		}
		out = append(out, fn)
	}
	for _, fn := range funcs {
		visit(fn, 0)
	}
	return out
}

// asyncCallees are names of functions that run a callback later or in
// another goroutine: a closure passed to them does not inherit locks.
var asyncCallees = map[string]bool{
	"Go": true, "TryGo": true, "AfterFunc": true, "Submit": true, "Schedule": true, "Post": true,
	"Spawn": true, "Async": true, "Start": true, "SetFinalizer": true, "AddCleanup": true,
	"Handle": true, "HandleFunc": true, "OnEvicted": true, "Register": true,
}

// inherited returns the locks held by the creator of closure fn at every
// synchronous use of it (in-place call, defer, argument of a non-async call).
func (a *run) inherited(fn *ssa.Function) *Set {
	parent := fn.Parent()
	pf := a.funcs[parent]
	if pf == nil {
		return nil
	}
	var val ssa.Value = fn
	if mc := a.res.closures[fn]; mc != nil {
		val = mc
	}
	var result *Set
	uses := 0
	// Conversions to a named func type (fn tlsMapAuthFn) are the same value.
	// The instructions using val (or a conversion of it) are found through
	// referrers, then visited in block order: scanning the parent once per
	// closure is quadratic in functions with thousands of closures.
	conv := map[ssa.Value]bool{}
	userSet := map[ssa.Instruction]bool{}
	var users []ssa.Instruction
	work := []ssa.Value{val}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			if instr.Parent() != parent {
				continue
			}
			if ct, ok := instr.(*ssa.ChangeType); ok && ct.X == v && !conv[ct] {
				conv[ct] = true
				work = append(work, ct)
			}
			if !userSet[instr] {
				userSet[instr] = true
				users = append(users, instr)
			}
		}
	}
	idx := a.instrIndex(parent)
	sort.Slice(users, func(i, j int) bool {
		bi, bj := users[i].Block().Index, users[j].Block().Index
		if bi != bj {
			return bi < bj
		}
		return idx[users[i]] < idx[users[j]]
	})
	for _, instr := range users {
		var ops [8]*ssa.Value
		used := false
		var usedAs ssa.Value
		for _, op := range instr.Operands(ops[:0]) {
			if op != nil && (*op == val || conv[*op]) {
				used, usedAs = true, *op
			}
		}
		if !used {
			continue
		}
		if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == ssa.Value(fn) {
			// fn is the closure body of this MakeClosure, not a use.
			continue
		}
		if ct, ok := instr.(*ssa.ChangeType); ok && conv[ct] {
			continue
		}
		if _, ok := instr.(*ssa.DebugRef); ok {
			continue
		}
		val := usedAs
		var held *Set
		switch x := instr.(type) {
		case *ssa.Call:
			if x.Call.Value != val {
				callee := x.Call.StaticCallee()
				name := ""
				if callee != nil {
					name = callee.Name()
				} else if x.Call.Method != nil {
					name = x.Call.Method.Name()
				}
				if asyncCallees[name] {
					return nil
				}
			}
			held = pf.Before(x)
			if x.Call.Value != val {
				held = a.callbackLocks(x, val, held)
			}
		case *ssa.Defer:
			if x.Call.Value != val {
				return nil
			}
			held = pf.Before(x)
		case *ssa.MakeClosure:
			// Captured by another closure that calls it: the locks
			// held at every such call (a helper closure called from
			// inside a Range callback).
			var ok bool
			held, ok = a.heldAtCapturedCalls(x, val, false)
			if !ok {
				return nil
			}
		case *ssa.Store:
			// size := func() {...} captured by reference: the variable
			// is assigned once; follow its captures and loads.
			alloc, ok := x.Addr.(*ssa.Alloc)
			if !ok || x.Val != val || singleStore(alloc) != val || alloc.Referrers() == nil {
				return nil
			}
			n := 0
			for _, r := range *alloc.Referrers() {
				var h *Set
				switch u := r.(type) {
				case *ssa.Store:
					continue
				case *ssa.MakeClosure:
					var ok bool
					if h, ok = a.heldAtCapturedCalls(u, alloc, true); !ok {
						return nil
					}
				case *ssa.UnOp:
					if u.Referrers() == nil {
						continue
					}
					for _, lr := range *u.Referrers() {
						call, ok := lr.(*ssa.Call)
						if !ok || call.Call.Value != u {
							return nil
						}
						if n == 0 && h == nil {
							h = pf.Before(call)
						} else {
							h = intersect(h, pf.Before(call))
						}
					}
				default:
					return nil
				}
				if n == 0 {
					held = h
				} else {
					held = intersectTypeLevel(held, h)
				}
				n++
			}
			if n == 0 {
				return nil
			}
		default:
			return nil
		}
		if uses == 0 {
			result = held
		} else {
			result = intersectTypeLevel(result, held)
		}
		uses++
	}
	var out *Set
	for _, h := range result.Locks() {
		h.Origin = Inherited
		h.Reason = "held by the enclosing function where it calls this closure"
		out = out.with(h)
	}
	return out
}

// intersectTypeLevel intersects like intersect, but a lock of a that b
// holds only through another value of the same type-level identity is kept
// as a type-level lock (callers holding "an Account's mu" for the account
// they pass).
func intersectTypeLevel(a, b *Set) *Set {
	r := intersect(a, b)
	for _, h := range a.Locks() {
		if _, ok := r.Lookup(h.Key); ok || h.Type == "" {
			continue
		}
		for _, o := range b.Locks() {
			if o.Type == h.Type {
				t := h
				t.Key = TypeLevelKey(h.Type)
				if o.Kind < t.Kind {
					t.Kind = o.Kind
				}
				r = r.with(t)
				break
			}
		}
	}
	return r
}

// heldAtCapturedCalls returns the locks held at every call, inside the
// closure built by mc, of the free variable bound to val; ok is false when
// the captured value is used otherwise.
func (a *run) heldAtCapturedCalls(mc *ssa.MakeClosure, val ssa.Value, byRef bool) (*Set, bool) {
	inner, _ := mc.Fn.(*ssa.Function)
	if inner == nil || a.funcs[inner] == nil {
		return nil, false
	}
	f := a.funcs[inner]
	var result *Set
	calls := 0
	for i, b := range mc.Bindings {
		if b != val || i >= len(inner.FreeVars) {
			continue
		}
		fv := inner.FreeVars[i]
		if fv.Referrers() == nil {
			continue
		}
		var callees []ssa.Value = []ssa.Value{fv}
		if byRef {
			callees = nil
			for _, r := range *fv.Referrers() {
				u, ok := r.(*ssa.UnOp)
				if !ok || u.Op != token.MUL {
					return nil, false
				}
				callees = append(callees, u)
			}
		}
		for _, cv := range callees {
			if cv.Referrers() == nil {
				continue
			}
			for _, r := range *cv.Referrers() {
				call, ok := r.(*ssa.Call)
				if !ok || call.Call.Value != cv {
					return nil, false
				}
				held := f.Before(call)
				if calls == 0 {
					result = held
				} else {
					result = intersect(result, held)
				}
				calls++
			}
		}
	}
	return result, calls > 0
}

// callbackLocks adds to held the locks the static callee of call holds
// when it calls its parameter that receives val.
func (a *run) callbackLocks(call *ssa.Call, val ssa.Value, held *Set) *Set {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Parent() != nil {
		return held
	}
	sum, ok := a.summaryOf(callee)
	if !ok {
		return held
	}
	for _, cb := range sum.Callbacks {
		if cb.Param >= len(call.Call.Args) || call.Call.Args[cb.Param] != val {
			continue
		}
		for _, r := range cb.Holds {
			if l, ok := a.refLock(r, call.Call.Args); ok {
				held = held.with(Held{Lock: l, Kind: r.Kind, Pos: call.Pos(), Origin: Inherited,
					Reason: "held by " + callee.Name() + " when it calls this function"})
			}
		}
	}
	return held
}

// heldAtExit returns the locks a deferred call d surely runs under: those
// held when the defer is registered that the function holds on entry
// (required by or inherited from its callers) and still holds at every
// return, so they are released only by its callers, after the deferred
// calls have run (gcache's evict, called with c.mu held, deferring
// c.remove(key)). Locks the function acquires itself are left out: whether
// their release runs before or after d depends on the defer order.
func heldAtExit(f *Func, d *ssa.Defer) *Set {
	var out *Set
	before := f.Before(d)
	for _, h := range before.Locks() {
		if h.Origin == Acquired {
			continue
		}
		kept := true
		for _, b := range f.fn.Blocks {
			if b == f.fn.Recover {
				continue // reached only by a panic
			}
			if n := len(b.Instrs); n > 0 {
				if ret, ok := b.Instrs[n-1].(*ssa.Return); ok {
					if _, ok := f.Before(ret).Lookup(h.Key); !ok {
						kept = false
					}
				}
			}
		}
		if kept {
			out = out.with(h)
		}
	}
	return out
}

// inferFromCallers returns the locks every call site (calls and defers)
// of an unexported, not-address-taken function holds, as Refs of fn.
func (a *run) inferFromCallers(fn *ssa.Function) []Ref {
	// Exported functions are included: their callers in other packages are
	// unknown, but when every call in the package holds the lock the
	// function is an internal helper that happens to be exported
	// (precision over recall).
	if a.addrTaken[fn] || fn.Object() == nil || (fn.Signature.Recv() == nil && (fn.Name() == "init" || fn.Name() == "main")) {
		return nil
	}
	sites := a.sites[fn]
	if len(sites) == 0 {
		return nil
	}
	var common []Ref
	i := -1
	for _, site := range sites {
		if _, ok := site.(*ssa.Go); ok {
			return nil
		}
		if a.inTestFile(site.Pos()) {
			// Tests call helpers on values they own; they say nothing
			// about the locking protocol.
			continue
		}
		i++
		cf := a.funcs[site.Parent()]
		if cf == nil {
			return nil
		}
		held := cf.Before(site)
		if d, ok := site.(*ssa.Defer); ok {
			held = heldAtExit(cf, d)
		}
		var refs []Ref
		for _, h := range held.Locks() {
			if r, ok := a.mapToCallee(h, site.Common().Args); ok {
				r.Kind = h.Kind
				r.Reason = "every caller in the package holds it"
				refs = append(refs, r)
				// Also the type-level form, so that callers passing the
				// lock's owner and callers holding another instance's lock
				// of the same type agree on it (html/template escapeTemplate).
				if r.Param != -2 && h.Type != "" {
					refs = append(refs, Ref{Param: -2, Var: h.Type, Name: h.Name, Kind: h.Kind, Reason: r.Reason})
				}
			}
		}
		if i == 0 {
			common = refs
			continue
		}
		common = intersectRefs(common, refs)
		if len(common) == 0 {
			return nil
		}
	}
	return a.dropRedundantTypeLevel(fn, common)
}

// dropRedundantTypeLevel removes duplicate Refs and type-level Refs implied
// by a precise Ref of the same type-level identity.
func (a *run) dropRedundantTypeLevel(fn *ssa.Function, refs []Ref) []Ref {
	precise := map[string]bool{}
	for _, r := range refs {
		if r.Param != -2 {
			if l, ok := a.refLock(r, paramValues(fn)); ok && l.Type != "" {
				precise[l.Type] = true
			}
		}
	}
	var out []Ref
	for _, r := range refs {
		if (r.Param == -2 && precise[r.Var]) || hasRef(out, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func (a *run) inTestFile(pos token.Pos) bool { return InTestFile(a.pass.Fset, pos) }

// InTestFile reports whether pos lies in a _test.go file. Call sites there
// say nothing about a package's locking or ordering protocol: tests
// sequence their own calls on values they own.
func InTestFile(fset *token.FileSet, pos token.Pos) bool {
	f := fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// mapToCallee expresses a lock held by a caller in terms of the callee's
// parameters (args are the call's arguments) or as a package variable.
func (a *run) mapToCallee(h Held, args []ssa.Value) (Ref, bool) {
	if g, ok := h.Root.(*ssa.Global); ok && g.Pkg != nil {
		return Ref{Param: -1, Var: g.Pkg.Pkg.Path() + "." + g.Name(), Path: h.Path}, true
	}
	best := -1
	bestPath := ""
	for i, arg := range args {
		res, ok := a.res.resolveAddr(arg)
		if !ok || res.root != h.Root {
			continue
		}
		ap := strings.Join(res.path, ".")
		var rest string
		switch {
		case ap == h.Path:
			rest = ""
		case ap == "":
			rest = h.Path
		case strings.HasPrefix(h.Path, ap+"."):
			rest = h.Path[len(ap)+1:]
		default:
			continue
		}
		if best < 0 || len(rest) < len(bestPath) {
			best, bestPath = i, rest
		}
	}
	if best < 0 {
		if h.Type != "" {
			return Ref{Param: -2, Var: h.Type, Name: h.Name}, true
		}
		return Ref{}, false
	}
	return Ref{Param: best, Path: bestPath}, true
}

// declared computes the declared requirements of a named function:
// checklocks annotations, Locked names and doc comments.
func (a *run) declared(f *Func) {
	fn := f.fn
	decl, _ := fn.Syntax().(*ast.FuncDecl)
	var reqs, acqs, rels []Ref
	byName := false // requirement guessed (Locked name, vague doc): callers may refine
	if decl != nil && decl.Doc != nil {
		for _, c := range decl.Doc.List {
			text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			for _, field := range strings.Fields(text) {
				name, arg, _ := strings.Cut(field, ":")
				switch name {
				case "+checklocksignore":
					f.summary.Ignore = true
				case "+checklocks", "+checklocksread", "+checklocksacquire", "+checklocksacquireread", "+checklocksrelease", "+checklocksreleaseread":
					r, ok := a.exprRef(fn, arg)
					if !ok {
						continue
					}
					r.Kind = Exclusive
					if strings.HasSuffix(name, "read") {
						r.Kind = Shared
					}
					r.Reason = name + " annotation"
					switch {
					case strings.HasPrefix(name, "+checklocksacquire"):
						acqs = append(acqs, r)
					case strings.HasPrefix(name, "+checklocksrelease"):
						rels = append(rels, r)
						reqs = append(reqs, r)
					default:
						reqs = append(reqs, r)
					}
				}
			}
		}
		if len(reqs) == 0 && len(acqs) == 0 && len(rels) == 0 {
			docReqs, vague := a.docRequires(fn, decl.Doc.Text())
			reqs = append(reqs, docReqs...)
			byName = vague // which lock is a guess: callers may refine
		}
	}
	if len(reqs) == 0 && !f.summary.Ignore {
		name := fn.Name()
		if (strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "locked")) && len(name) > len("locked") &&
			!strings.HasSuffix(name, "Unlocked") && !strings.HasSuffix(name, "unlocked") {
			kind := Exclusive
			if strings.HasSuffix(name, "RLocked") || strings.HasSuffix(name, "Rlocked") {
				kind = Shared
			}
			for _, r := range receiverMutexes(fn) {
				r.Kind = kind
				r.Reason = "name ends in Locked"
				reqs = append(reqs, r)
				byName = true
			}
		}
	}
	f.summary.Requires = reqs
	// Annotations and doc comments are authoritative; a Locked name only
	// says "some lock", so callers may still tell which (inference adds).
	f.declared = len(reqs) > 0 && !byName
	for _, r := range reqs {
		if l, ok := a.refLock(r, paramValues(fn)); ok {
			f.entry = f.entry.with(Held{Lock: l, Kind: r.Kind, Pos: fn.Pos(), Origin: Required, Reason: r.Reason})
		}
	}
	// Declared acquire/release annotations are merged into the computed
	// summary by compute.
	f.declAcq, f.declRel = acqs, rels
}

// exprRef resolves an annotation expression ("s.mu", "mu") in fn.
func (a *run) exprRef(fn *ssa.Function, expr string) (Ref, bool) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return Ref{}, false
	}
	segs := strings.Split(expr, ".")
	for i, p := range fn.Params {
		if p.Name() == segs[0] {
			return Ref{Param: i, Path: strings.Join(segs[1:], ".")}, true
		}
	}
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 {
		if ownerOf(fn.Params[0].Type(), segs) != nil {
			return Ref{Param: 0, Path: expr}, true
		}
	}
	if g, ok := a.pkg.Members[segs[0]].(*ssa.Global); ok {
		return Ref{Param: -1, Var: a.pkg.Pkg.Path() + "." + g.Name(), Path: strings.Join(segs[1:], ".")}, true
	}
	return Ref{}, false
}

var (
	mustHoldRE = regexp.MustCompile(`(?i)\b(must|should) (already )?(hold|be held|be holding|have|be called with|be called while|be locked)\b|\b(called|invoked|run)\b.{0,40}\b(held|locked|holding)\b|\b(caller|callers) (holds?|has|have|must)\b|\b(lock|mutex|mu) (must|should) be (held|locked|acquired)\b|\bassumes\b.{1,40}\b(held|locked)\b|\brequires\b.{1,40}\b(held|locked)\b|\b(held|locked|acquired) on entry\b|\bassumed (to be )?(held|locked)\b|\bresponsible for (locking|holding|acquiring|taking)\b|\bexpects?\b.{1,40}\b(to be )?(held|locked)\b|^\s*(the )?(\w+ )?(lock|mutex|mu) (is )?held\s*$`)
	identRE    = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*`)
)

// docRequires reads "must hold c.mu" / "called with mu held" doc comments.
func (a *run) docRequires(fn *ssa.Function, doc string) (out []Ref, vague bool) {
	for _, sentence := range splitSentences(doc) {
		if !mustHoldRE.MatchString(sentence) {
			continue
		}
		lower := strings.ToLower(sentence)
		if strings.Contains(lower, "returns with") || strings.Contains(lower, "must not") || strings.Contains(lower, "without holding") || strings.Contains(lower, "not held") || strings.Contains(lower, "unlocked") {
			continue
		}
		found := false
		for _, id := range identRE.FindAllString(sentence, -1) {
			id = strings.TrimSuffix(id, ".")
			r, ok := a.exprRef(fn, id)
			if !ok || !a.isMutexRef(fn, r) {
				continue
			}
			r.Kind = Exclusive
			if strings.Contains(lower, "read lock") || strings.Contains(lower, "rlock") || strings.Contains(lower, "read-lock") {
				r.Kind = Shared
			}
			r.Reason = "doc comment: " + strings.TrimSpace(sentence)
			if !hasRef(out, r) {
				out = append(out, r)
			}
			found = true
		}
		if !found && (strings.Contains(lower, "lock") || strings.Contains(lower, "mutex")) {
			// "Consumer lock must be held": the mutexes of the parameter
			// whose type is named in the sentence; else the receiver's.
			vague = true
			cands := receiverMutexes(fn)
			words := map[string]bool{}
			for _, w := range identRE.FindAllString(lower, -1) {
				words[w] = true
			}
			for i, p := range fn.Params {
				if _, named := structOf(p.Type(), true); named != nil && words[strings.ToLower(named.Obj().Name())] {
					cands = paramMutexes(fn, i)
					break
				}
			}
			for _, r := range cands {
				r.Kind = Exclusive
				r.Reason = "doc comment: " + strings.TrimSpace(sentence)
				if !hasRef(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	return out, vague
}

func (a *run) isMutexRef(fn *ssa.Function, r Ref) bool {
	var t types.Type
	if r.Param >= 0 {
		t = fn.Params[r.Param].Type()
	} else {
		g := a.global(r.Var)
		if g == nil {
			return false
		}
		t = g.Type()
	}
	if r.Path != "" {
		for _, name := range strings.Split(r.Path, ".") {
			if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			st, _ := structOf(t, false)
			if st == nil {
				return false
			}
			var next types.Type
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i).Name() == name {
					next = st.Field(i).Type()
				}
			}
			if next == nil {
				return false
			}
			t = next
		}
	}
	return IsMutex(t) || isLocker(t)
}

func isLocker(t types.Type) bool {
	it, ok := types.Unalias(t).Underlying().(*types.Interface)
	if !ok {
		return false
	}
	has := 0
	for i := 0; i < it.NumMethods(); i++ {
		switch it.Method(i).Name() {
		case "Lock", "Unlock":
			has++
		}
	}
	return has == 2
}

func splitSentences(doc string) []string {
	doc = strings.ReplaceAll(doc, "\n", " ")
	var out []string
	start := 0
	for i, r := range doc {
		if r == '.' && (i+1 == len(doc) || unicode.IsSpace(rune(doc[i+1]))) {
			out = append(out, doc[start:i])
			start = i + 1
		}
	}
	if start < len(doc) {
		out = append(out, doc[start:])
	}
	return out
}

// receiverMutexes returns the mutex fields (sync.Mutex, sync.RWMutex,
// pointers to them, embedded or not) of fn's receiver (or, for a function,
// of its first parameter when that is a pointer to a struct).
func receiverMutexes(fn *ssa.Function) []Ref { return paramMutexes(fn, 0) }

// paramMutexes returns the mutex fields of parameter i (a struct pointer).
func paramMutexes(fn *ssa.Function, i int) []Ref {
	if len(fn.Params) <= i {
		return nil
	}
	st, _ := structOf(fn.Params[i].Type(), true)
	if st == nil {
		return nil
	}
	var out []Ref
	for j := 0; j < st.NumFields(); j++ {
		if IsMutex(st.Field(j).Type()) {
			out = append(out, Ref{Param: i, Path: st.Field(j).Name()})
		}
	}
	return out
}
