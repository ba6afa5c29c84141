// Package mapkey defines mapguard's mapkey check: dynamic map keys that panic
// with "hash of unhashable type", and keys that can never be found.
//
// A map keyed by an interface type (map[any]V, map[error]V), by a struct or
// array type with interface fields, or a sync.Map, accepts any key at compile
// time; hashing a key whose dynamic type is a slice, map or function (or a
// struct or array containing one) panics at run time — on assignment, lookup
// and delete alike, even on a nil map. The check follows dynamic values over
// SSA from the conversion that gives them their type to the map access, and
// across calls and packages through facts: a function whose parameter becomes
// a map key exports a KeyParamsFact, a function that returns a non-comparable
// dynamic type (or nil) exports a ResultFact.
//
// It also reports keys that can never be found: a NaN key, and a lookup or
// delete with the address of a freshly allocated variable.
package mapkey

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Name is the check's stable name.
const Name = "mapkey"

const doc = `report map keys that panic as unhashable or can never be found

A map keyed by an interface type (map[any]V, map[error]V), by a struct with
interface fields, or a sync.Map accepts any key at compile time, but hashing
a key whose dynamic type is a slice, map or func (or a struct or array
containing one) panics at run time with "hash of unhashable type T" — on
assignment, lookup and delete, even on a nil map:

	cache := map[any]string{}
	cache[[]string{"a", "b"}] = "x" // panics

mapkey follows dynamic values from the conversion that fixes their type to
the map access, through local variables, struct and array literals, calls
(a function whose parameter becomes a map key, across packages) and results
(a function that returns a non-comparable error type). Values whose dynamic
type is unknown are never reported.

It also reports keys that can never be found: NaN (NaN != NaN), and a
lookup or delete with the address of a fresh composite literal or new(T).`

// Analyzer reports unhashable and never-found map keys.
var Analyzer = newAnalyzer()

func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      Name,
		Doc:       doc,
		URL:       "https://github.com/mapguard/mapguard/blob/main/docs/checks/mapkey.md",
		Requires:  []*analysis.Analyzer{buildssa.Analyzer},
		Run:       run,
		FactTypes: []analysis.Fact{new(KeyParamsFact), new(ResultFact)},
	}
	a.Flags.Bool("interfaces", false, "also follow calls through interface methods whose implementations in the interface's own package all use the parameter as a map key (another implementation could behave differently)")
	return a
}

// checker holds one pass's state.
type checker struct {
	pass      *analysis.Pass
	positions *positions
	ssaPkg    *ssa.Package
	funcs     map[*ssa.Function]*funcResult // analysed functions of this package
	litKeys   map[token.Pos]bool            // colons of map literal key/value pairs
	// interfaces enables the opt-in -mapkey.interfaces: calls through an
	// interface method whose implementations in the interface's package all
	// use the parameter as a map key.
	interfaces bool
	ifaces     map[*types.Func]*KeyParamsFact
}

// funcResult is the outcome of analysing one function.
type funcResult struct {
	params  *KeyParamsFact
	results *ResultFact
	diags   []analysis.Diagnostic
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:      pass,
		positions: &positions{fset: pass.Fset},
		ssaPkg:    ssaInfo.Pkg,
		funcs:     make(map[*ssa.Function]*funcResult),
		litKeys:   make(map[token.Pos]bool),
		ifaces:    make(map[*types.Func]*KeyParamsFact),
	}
	if f := pass.Analyzer.Flags.Lookup("interfaces"); f != nil {
		c.interfaces = f.Value.String() == "true"
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok {
				if tv, ok := pass.TypesInfo.Types[lit]; ok {
					if _, isMap := tv.Type.Underlying().(*types.Map); isMap {
						for _, e := range lit.Elts {
							if kv, ok := e.(*ast.KeyValueExpr); ok {
								c.litKeys[kv.Colon] = true
							}
						}
					}
				}
			}
			return true
		})
	}
	for _, fn := range ssaInfo.SrcFuncs {
		c.analyze(fn)
	}
	// Export facts for declared functions, in a stable order.
	var all []*ssa.Function
	for fn := range c.funcs {
		all = append(all, fn)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Pos() < all[j].Pos() })
	var diags []analysis.Diagnostic
	for _, fn := range all {
		r := c.funcs[fn]
		if obj, ok := fn.Object().(*types.Func); ok && fn.Pkg == c.ssaPkg && fn.Synthetic == "" && obj.Pkg() == pass.Pkg {
			if r.params != nil && len(r.params.Params) > 0 {
				pass.ExportObjectFact(obj, r.params)
			}
			if r.results != nil && len(r.results.Results) > 0 {
				pass.ExportObjectFact(obj, r.results)
			}
		}
		diags = append(diags, r.diags...)
	}
	// One diagnostic per position: m[k]++ and m[k] op= v both look the key
	// up and store it at the same position; name the store.
	if c.interfaces {
		c.exportInterfaceFacts()
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Pos < diags[j].Pos })
	var kept []analysis.Diagnostic
	for _, d := range diags {
		if n := len(kept); n > 0 && kept[n-1].Pos == d.Pos {
			if strings.HasPrefix(d.Message, "map assignment") && strings.HasPrefix(kept[n-1].Message, "map lookup") {
				kept[n-1] = d
			}
			continue
		}
		kept = append(kept, d)
	}
	for _, d := range kept {
		pass.Report(d)
	}
	return nil, nil
}

// staticCallee returns the function a call certainly invokes, as its
// generic origin when it is an instantiation.
func staticCallee(com *ssa.CallCommon) *ssa.Function {
	f := com.StaticCallee()
	if f == nil {
		return nil
	}
	if o := f.Origin(); o != nil {
		f = o
	}
	return f
}

// local reports whether fn is analysed from source in this pass.
func (c *checker) local(fn *ssa.Function) bool {
	return fn.Pkg == c.ssaPkg && len(fn.Blocks) > 0
}

// keyParams returns what fn does with its parameters as map keys.
func (c *checker) keyParams(fn *ssa.Function) *KeyParamsFact {
	if c.local(fn) {
		return c.analyze(fn).params
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != c.pass.Pkg {
		var f KeyParamsFact
		if c.pass.ImportObjectFact(obj, &f) {
			return &f
		}
	}
	return nil
}

// resultFact returns what fn is known to return.
func (c *checker) resultFact(fn *ssa.Function) *ResultFact {
	if c.local(fn) {
		return c.analyze(fn).results
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != c.pass.Pkg {
		var f ResultFact
		if c.pass.ImportObjectFact(obj, &f) {
			return &f
		}
	}
	return nil
}

// A keySite is an operation that hashes a key.
type keySite struct {
	instr  ssa.Instruction
	key    ssa.Value
	keyTyp types.Type // the static key type of the map
	what   string     // "map lookup", "delete", "(*sync.Map).Store", ...
	lookup bool       // the operation only looks the key up (never stores it)
	pos    token.Pos
}

var syncMapLookups = map[string]bool{"Load": true, "LoadAndDelete": true, "Delete": true, "CompareAndDelete": true}
var syncMapKeyed = map[string]bool{
	"Load": true, "Store": true, "LoadOrStore": true, "LoadAndDelete": true, "Delete": true,
	"Swap": true, "CompareAndSwap": true, "CompareAndDelete": true,
}

// mapOf returns the map type of t: its underlying type, or for a type
// parameter constrained to maps (M ~map[K]V, or a union of map types with
// one key type) its core type's. Otherwise nil.
func mapOf(t types.Type) *types.Map {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		iface, _ := tp.Constraint().Underlying().(*types.Interface)
		if iface == nil {
			return nil
		}
		var core *types.Map
		for i := 0; i < iface.NumEmbeddeds(); i++ {
			var terms []types.Type
			switch e := iface.EmbeddedType(i).(type) {
			case *types.Union:
				for j := 0; j < e.Len(); j++ {
					terms = append(terms, e.Term(j).Type())
				}
			default:
				terms = append(terms, e)
			}
			for _, term := range terms {
				m, ok := term.Underlying().(*types.Map)
				if !ok {
					continue
				}
				if core != nil && !types.Identical(core.Key(), m.Key()) {
					return nil
				}
				core = m
			}
		}
		return core
	}
	m, _ := t.Underlying().(*types.Map)
	return m
}

func (c *checker) site(in ssa.Instruction) *keySite {
	switch in := in.(type) {
	case *ssa.Lookup:
		if m := mapOf(in.X.Type()); m != nil {
			return &keySite{instr: in, key: in.Index, keyTyp: m.Key(), what: "map lookup", lookup: true, pos: in.Pos()}
		}
	case *ssa.MapUpdate:
		if m := mapOf(in.Map.Type()); m != nil {
			what := "map assignment"
			if c.litKeys[in.Pos()] {
				what = "map literal"
			}
			return &keySite{instr: in, key: in.Key, keyTyp: m.Key(), what: what, pos: in.Pos()}
		}
	case *ssa.Call:
		com := in.Common()
		if b, ok := com.Value.(*ssa.Builtin); ok && b.Name() == "delete" && len(com.Args) == 2 {
			if m := mapOf(com.Args[0].Type()); m != nil {
				return &keySite{instr: in, key: com.Args[1], keyTyp: m.Key(), what: "delete", lookup: true, pos: in.Pos()}
			}
		}
		if f := com.StaticCallee(); f != nil && len(com.Args) >= 2 {
			if name, ok := syncMapMethod(f); ok && syncMapKeyed[name] {
				return &keySite{instr: in, key: com.Args[1], keyTyp: com.Args[1].Type(), what: "(*sync.Map)." + name, lookup: syncMapLookups[name], pos: in.Pos()}
			}
		}
	}
	return nil
}

// syncMapMethod reports whether f is a method of sync.Map, and its name.
func syncMapMethod(f *ssa.Function) (string, bool) {
	obj, ok := f.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return "", false
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return "", false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Name() != "Map" {
		return "", false
	}
	return obj.Name(), true
}

// recovers reports whether fn defers a function that calls recover: a panic
// in fn is then caught, perhaps on purpose.
func recovers(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			d, ok := in.(*ssa.Defer)
			if !ok {
				continue
			}
			com := d.Common()
			if bi, ok := com.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
				return true
			}
			var callee *ssa.Function
			switch v := com.Value.(type) {
			case *ssa.Function:
				callee = v
			case *ssa.MakeClosure:
				callee, _ = v.Fn.(*ssa.Function)
			}
			if callee != nil && callsRecover(callee, 0) {
				return true
			}
		}
	}
	return false
}

func callsRecover(fn *ssa.Function, depth int) bool {
	if depth > 2 || len(fn.Blocks) == 0 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			if bi, ok := call.Common().Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
				return true
			}
			if f := call.Common().StaticCallee(); f != nil && f.Pkg == fn.Pkg && callsRecover(f, depth+1) {
				return true
			}
		}
	}
	return false
}

// passedToRecoverer reports whether fn is a function literal handed to a
// function that catches its panics: a same-package function that defers a
// recover, or one whose name says it expects a panic (assert.Panics,
// mustPanic, shouldPanic): tests of the panic itself.
func (c *checker) passedToRecoverer(fn *ssa.Function) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			com := call.Common()
			passed := false
			for _, a := range com.Args {
				if a == ssa.Value(fn) {
					passed = true
				}
				if mc, ok := a.(*ssa.MakeClosure); ok && mc.Fn == ssa.Value(fn) {
					passed = true
				}
			}
			if !passed {
				continue
			}
			var name string
			if callee := com.StaticCallee(); callee != nil {
				if len(callee.Blocks) > 0 && recovers(callee) {
					return true
				}
				name = callee.Name()
			} else if com.IsInvoke() {
				name = com.Method.Name()
			}
			if strings.Contains(strings.ToLower(name), "panic") {
				return true
			}
		}
	}
	return false
}

// analyze analyses fn once: its diagnostics and its summary.
func (c *checker) analyze(fn *ssa.Function) *funcResult {
	if r, ok := c.funcs[fn]; ok {
		return r // done, or in progress (recursion): partial summary
	}
	r := &funcResult{}
	c.funcs[fn] = r
	if len(fn.Blocks) == 0 {
		return r
	}
	s := newFuncState(c, fn)
	rec := recovers(fn) || c.passedToRecoverer(fn)
	inTest := strings.HasSuffix(c.pass.Fset.Position(fn.Pos()).Filename, "_test.go")
	params := &KeyParamsFact{}
	name := funcName(fn)

	for _, b := range fn.Blocks {
		if !s.feasible[b] {
			continue
		}
		for _, in := range b.Instrs {
			if ks := c.site(in); ks != nil {
				if !inTest {
					c.checkNeverFound(s, ks, r)
				}
				if rec || !carriesDynamic(ks.keyTyp) {
					continue
				}
				for _, o := range s.trace(ks.key, ks.instr.Block(), 0) {
					if o.witness() {
						r.diags = append(r.diags, c.directDiag(ks, o))
					} else if params.param(o.param) == nil && !s.controlledByParams(in.Block(), o.param) {
						p := fn.Params[o.param]
						params.Params = append(params.Params, KeyParam{
							Index: o.param,
							Name:  p.Name(),
							Sink:  placeOf(c.pass.Fset, ks.pos, fmt.Sprintf("%s used as a map key here (%s in %s)", p.Name(), ks.what, name)),
						})
					}
				}
				continue
			}
			call, ok := in.(ssa.CallInstruction)
			if !ok || rec {
				continue
			}
			var kp *KeyParamsFact
			var calleeName string
			var calleeObj types.Object
			if callee := staticCallee(call.Common()); callee != nil && callee != fn {
				kp, calleeName, calleeObj = c.keyParams(callee), funcName(callee), callee.Object()
			} else if com := call.Common(); com.IsInvoke() && c.interfaces {
				kp, calleeName, calleeObj = c.ifaceKeyParams(com.Method), ifaceMethodName(com.Method), com.Method
			}
			if kp == nil {
				continue
			}
			args := call.Common().Args
			for _, p := range kp.Params {
				if p.Index >= len(args) {
					continue
				}
				for _, o := range s.trace(args[p.Index], call.Block(), 0) {
					if o.witness() {
						r.diags = append(r.diags, c.callDiag(call, calleeName, calleeObj, p, o))
					} else if params.param(o.param) == nil && !s.controlledByParams(in.Block(), o.param) {
						fp := fn.Params[o.param]
						via := append([]Place{placeOf(c.pass.Fset, call.Pos(), fmt.Sprintf("%s passes %s to %s as %s here", name, fp.Name(), calleeName, p.Name))}, p.Via...)
						params.Params = append(params.Params, KeyParam{Index: o.param, Name: fp.Name(), Sink: p.Sink, Via: via})
					}
				}
			}
		}
	}
	sort.Slice(params.Params, func(i, j int) bool { return params.Params[i].Index < params.Params[j].Index })
	r.params = params
	r.results = c.summarizeResults(s)
	return r
}

// summarizeResults finds results that, whenever not nil, have a
// non-comparable dynamic type.
func (c *checker) summarizeResults(s *funcState) *ResultFact {
	fn := s.fn
	sig := fn.Signature
	if sig.Results().Len() == 0 {
		return nil
	}
	var rets []*ssa.Return
	for _, b := range fn.Blocks {
		if !s.feasible[b] {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, ret)
		}
	}
	if len(rets) == 0 {
		return nil
	}
	out := &ResultFact{}
	for i := 0; i < sig.Results().Len(); i++ {
		if _, ok := sig.Results().At(i).Type().Underlying().(*types.Interface); !ok {
			continue
		}
		var typ string
		var at token.Pos
		certain := true
		for _, ret := range rets {
			if i >= len(ret.Results) {
				certain = false
				break
			}
			t, p, ok := s.mustResult(ret.Results[i], 0)
			if !ok {
				certain = false
				break
			}
			if typ == "" && t != "" {
				typ, at = t, p
			}
		}
		if certain && typ != "" {
			out.Results = append(out.Results, Result{Index: i, Type: typ, At: placeOf(c.pass.Fset, at, "returned here")})
		}
	}
	return out
}

func (c *checker) checkNeverFound(s *funcState, ks *keySite, r *funcResult) {
	if pos, made, ok := nanSource(ks.key, 0); ok {
		var msg string
		if ks.lookup {
			msg = fmt.Sprintf("%s with a NaN key never finds an entry: NaN != NaN", ks.what)
		} else {
			msg = fmt.Sprintf("%s with a NaN key adds an entry that can never be found, updated or deleted: NaN != NaN", ks.what)
		}
		if !pos.IsValid() {
			pos = ks.pos
		}
		r.diags = append(r.diags, analysis.Diagnostic{
			Pos: ks.pos, Category: Name, Message: msg,
			Related: []analysis.RelatedInformation{{Pos: pos, Message: made}},
		})
		return
	}
	if !ks.lookup {
		return
	}
	if alloc, ok := freshAddress(ks.key, ks.instr); ok {
		elem := alloc.Type().(*types.Pointer).Elem()
		if hasTypeParam(elem, 0) {
			return
		}
		if c.pass.TypesSizes != nil && c.pass.TypesSizes.Sizeof(elem) == 0 {
			return // pointers to zero-sized variables may compare equal
		}
		how := "composite literal"
		if alloc.Comment == "new" {
			how = "new(" + types.TypeString(elem, types.RelativeTo(c.pass.Pkg)) + ")"
		}
		r.diags = append(r.diags, analysis.Diagnostic{
			Pos: ks.pos, Category: Name,
			Message: fmt.Sprintf("%s with the address of a fresh %s never finds an entry: a new pointer is not a key of any map", ks.what, how),
			Related: []analysis.RelatedInformation{{Pos: s.valuePos(alloc), Message: "allocated here, and not stored anywhere before the " + ks.what}},
		})
	}
}

// freshAddress reports whether key is the address of a variable allocated
// just for this use: its address goes nowhere but to initialising stores and
// to the key operand of use.
func freshAddress(key ssa.Value, use ssa.Instruction) (*ssa.Alloc, bool) {
	v := key
	var chain []ssa.Value
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			chain = append(chain, x)
			v = x.X
			continue
		case *ssa.ChangeType:
			chain = append(chain, x)
			v = x.X
			continue
		}
		break
	}
	alloc, ok := v.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	chain = append(chain, alloc)
	// Every link of the chain is used only by the next one (or by use).
	for i, link := range chain {
		refs := link.Referrers()
		if refs == nil {
			return nil, false
		}
		for _, r := range *refs {
			if i == 0 && r == use {
				continue
			}
			if i > 0 && r == chain[i-1].(ssa.Instruction) {
				continue
			}
			if link != alloc {
				return nil, false
			}
			switch r := r.(type) {
			case *ssa.Store:
				if r.Val == alloc {
					return nil, false
				}
			case *ssa.FieldAddr, *ssa.IndexAddr:
				if !storesOnly(r.(ssa.Value)) {
					return nil, false
				}
			case *ssa.DebugRef:
			default:
				return nil, false
			}
		}
	}
	return alloc, true
}

func storesOnly(addr ssa.Value) bool {
	refs := addr.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val == addr {
			return false
		}
	}
	return true
}

func (c *checker) directDiag(ks *keySite, o origin) analysis.Diagnostic {
	var shorts []string
	var rel []analysis.RelatedInformation
	for _, st := range o.steps {
		if st.short != "" {
			shorts = append(shorts, st.short)
		}
		if st.pos.IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: st.pos, Message: st.msg})
		}
	}
	path := ""
	if len(shorts) > 0 {
		path = " (" + strings.Join(shorts, ", ") + ")"
	}
	msg := fmt.Sprintf("%s panics with \"hash of unhashable type %s\": the key's dynamic type %s%s is not comparable",
		ks.what, o.typ, o.typ, path)
	if len(rel) == 0 {
		rel = append(rel, analysis.RelatedInformation{Pos: ks.pos, Message: "the key is hashed here"})
	}
	return analysis.Diagnostic{Pos: ks.pos, Category: Name, Message: msg, Related: rel}
}

func (c *checker) callDiag(call ssa.CallInstruction, fname string, calleeObj types.Object, p KeyParam, o origin) analysis.Diagnostic {
	var shorts []string
	var rel []analysis.RelatedInformation
	for _, st := range o.steps {
		if st.short != "" {
			shorts = append(shorts, st.short)
		}
		if st.pos.IsValid() {
			rel = append(rel, analysis.RelatedInformation{Pos: st.pos, Message: st.msg})
		}
	}
	fallback := token.NoPos
	if calleeObj != nil {
		fallback = calleeObj.Pos()
	}
	for _, v := range p.Via {
		pos := c.positions.pos(v)
		if !pos.IsValid() {
			continue
		}
		rel = append(rel, analysis.RelatedInformation{Pos: pos, Message: v.What})
	}
	sinkPos := c.positions.pos(p.Sink)
	sinkMsg := p.Sink.What
	if !sinkPos.IsValid() {
		sinkPos = fallback
		sinkMsg = fmt.Sprintf("%s (at %s)", p.Sink.What, p.Sink)
	}
	if sinkPos.IsValid() {
		rel = append(rel, analysis.RelatedInformation{Pos: sinkPos, Message: sinkMsg})
	}
	path := o.typ
	if len(shorts) > 0 {
		path += " (" + strings.Join(shorts, ", ") + ")"
	}
	msg := fmt.Sprintf("call panics with \"hash of unhashable type %s\": %s, from parameter %s of %s, called here, becomes a map key at %s",
		o.typ, path, p.Name, fname, p.Sink)
	return analysis.Diagnostic{Pos: call.Pos(), Category: Name, Message: msg, Related: rel}
}

// funcName names fn for messages: F, (*T).M, T.M, or "function literal".
func funcName(fn *ssa.Function) string {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		if fn.Parent() != nil {
			return "function literal in " + funcName(fn.Parent())
		}
		return fn.Name()
	}
	if recv := obj.Signature().Recv(); recv != nil {
		t := recv.Type()
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t, star = p.Elem(), "*"
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return fmt.Sprintf("(%s%s).%s", star, n.Obj().Name(), obj.Name())
		}
		return obj.Name()
	}
	return obj.Name()
}
