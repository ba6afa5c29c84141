// Package mapalias defines mapguard's mapalias check: a map shared where a
// copy was meant.
//
// Assigning a map (or a struct holding maps) copies a reference, not the
// entries. The check reports the shapes in which code treats such an alias
// as its own copy:
//
//   - a struct copied by value (a value receiver, a value parameter,
//     c := *p) whose map field is then mutated while the copy is returned or
//     stored as a new value: the original's map changes too;
//   - out := base, where base belongs to the caller or the package, mutated
//     through out and handed on as a new map; or old := m kept as a
//     snapshot while m is mutated;
//   - at an API boundary (Uber Go style guide, "Copy Slices and Maps at
//     Boundaries"): an exported function that stores its caller's map in a
//     field that the type mutates or guards with a mutex, and an exported
//     method that returns a mutex-guarded internal map.
//
// Fixes copy the map: maps.Clone when values hold no references (Go 1.21
// and later), mapsafe.DeepCopyMap when they do, mapsafe.DeepCopyMapFunc
// with the value type's DeepCopy method when it has one.
package mapalias

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"github.com/mapguard/mapguard/internal/guards"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Name is the check's stable name.
const Name = "mapalias"

const doc = `report maps shared where a copy was meant

Assigning a map, or a struct that holds maps, copies a reference: both
names then denote one map, and a write through either is seen through both.
mapalias reports the places where code treats such an alias as its own copy:

	func (o Options) WithHeader(k, v string) Options {
		o.Headers[k] = v // also changes the caller's o.Headers
		return o
	}

and, at API boundaries, exported functions that keep a caller's map in a
field the type mutates or guards with a mutex, and exported methods that
return a mutex-guarded internal map. Suggested fixes copy the map with
maps.Clone, mapsafe.DeepCopyMap or mapsafe.DeepCopyMapFunc.`

// guardedStores is the opt-in -mapalias.guardedstores flag.
var guardedStores bool

func init() {
	Analyzer.Flags.BoolVar(&guardedStores, "guardedstores", false,
		"also report exported functions that keep a caller's map in a mutex-guarded field the package never writes in place (the caller could still write it without the lock)")
}

// Analyzer reports maps shared where a copy was meant.
var Analyzer = &analysis.Analyzer{
	Name:             Name,
	Doc:              doc,
	URL:              "https://github.com/mapguard/mapguard/blob/main/docs/checks/mapalias.md",
	Requires:         []*analysis.Analyzer{inspect.Analyzer, Mutators, guards.Analyzer},
	Run:              runCheck,
	RunDespiteErrors: true,
}

// run holds the state of one pass.
type run struct {
	pass   *analysis.Pass
	mut    *Mutates
	funcs  []*fn
	fields map[*types.Var]fieldUse // package-wide: who writes a struct field's map
	guards map[*types.Var]guard    // package-wide: field → mutex seen held at writes
	engine *guards.Result          // guardedmap's guard inference (annotations, comments, inference, facts)
}

// guardOf says whether field is guarded by a mutex of its struct: by the
// guards engine (a +checklocks annotation, a "guarded by" comment, or
// inference from how the package's functions lock around it, also for
// imported fields through facts), or else because the package writes it
// while holding a mutex of the same struct. recv names the struct value in
// messages ("c"); the related information points at the evidence.
func (r *run) guardOf(field *types.Var, recv string) (mu string, why analysis.RelatedInformation, ok bool) {
	if r.engine != nil {
		if g := r.engine.Guard(field, guards.DefaultPolicy); g != nil {
			mu = g.Mutex
			if recv != "" {
				mu = recv + "." + g.Mutex
			}
			pos := field.Pos()
			for _, s := range g.Sites {
				if s.Locked {
					pos = s.Pos
					break
				}
			}
			msg := g.Evidence(r.pass.Fset, field.Name(), mu)
			if g.Source != guards.Inferred {
				msg = field.Name() + " is guarded by " + mu + " (" + g.Reason + ")"
			}
			if pos.IsValid() {
				return mu, rel(pos, "%s", msg), true
			}
		}
	}
	if g, ok := r.guards[field]; ok {
		return g.mu, rel(g.at.Pos(), "%s is written here with %s held: it is guarded by that lock", field.Name(), g.mu), true
	}
	return "", analysis.RelatedInformation{}, false
}

// fieldUse is the first mutation of the map held in a field.
type fieldUse struct {
	node ast.Node
	fn   *fn
}

// guard records that a field's map was written while a mutex of the same
// struct was held.
type guard struct {
	mu      string // "c.mu"
	lockPos token.Pos
	at      ast.Node // the write
	entries bool     // the write changed entries (not only replaced the map)
}

type mutation struct {
	p    path
	node ast.Node
	desc string
}

type assignment struct {
	lhs  path
	rhs  ast.Expr // nil when unknown (multi-value, range)
	stmt ast.Node
}

type escape struct {
	p    path
	node ast.Node
	kind string
	to   *path
}

type lockOp struct {
	mu       path
	pos      token.Pos
	lock     bool // Lock/RLock (else Unlock/RUnlock)
	deferred bool
	text     string
}

// fn is what one function declaration does, closures included.
type fn struct {
	decl    *ast.FuncDecl
	file    *ast.File
	obj     *types.Func
	parent  map[ast.Node]ast.Node
	params  map[*types.Var]bool
	recv    *types.Var
	muts    []mutation
	assigns []assignment
	escapes []escape
	uses    map[*types.Var][]*ast.Ident
	locks   []lockOp
	nassign map[*types.Var]int
	alias   map[*types.Var]path // locals assigned once, from a path
	returns []*ast.ReturnStmt
	ranges  []*ast.RangeStmt
	fields  []assignment // v.f = y.g and v := &T{f: y.g}, v a local
}

func runCheck(pass *analysis.Pass) (any, error) {
	r := &run{
		pass:   pass,
		mut:    pass.ResultOf[Mutators].(*Mutates),
		fields: make(map[*types.Var]fieldUse),
		guards: make(map[*types.Var]guard),
	}
	r.engine, _ = pass.ResultOf[guards.Analyzer].(*guards.Result)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	files := make(map[*token.File]*ast.File)
	for _, f := range pass.Files {
		files[pass.Fset.File(f.Pos())] = f
	}
	for n := range ins.PreorderSeq((*ast.FuncDecl)(nil)) {
		decl := n.(*ast.FuncDecl)
		if decl.Body == nil {
			continue
		}
		obj, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj == nil {
			continue
		}
		r.funcs = append(r.funcs, r.scan(decl, obj, files[pass.Fset.File(decl.Pos())]))
	}
	r.collectFieldFacts()
	for _, f := range r.funcs {
		if f.file == nil {
			continue
		}
		r.structCopies(f)
		r.mapAliases(f)
		r.fieldAliases(f)
		r.boundaryStores(f)
		r.guardedReturns(f)
	}
	return nil, nil
}

// scan records what decl does.
func (r *run) scan(decl *ast.FuncDecl, obj *types.Func, file *ast.File) *fn {
	info := r.pass.TypesInfo
	f := &fn{
		decl:    decl,
		file:    file,
		obj:     obj,
		parent:  make(map[ast.Node]ast.Node),
		params:  make(map[*types.Var]bool),
		uses:    make(map[*types.Var][]*ast.Ident),
		nassign: make(map[*types.Var]int),
		alias:   make(map[*types.Var]path),
	}
	sig := obj.Type().(*types.Signature)
	f.recv = sig.Recv()
	for v := range sig.Params().Variables() {
		f.params[v] = true
	}
	var stack []ast.Node
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			f.parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && !v.IsField() {
				f.uses[v] = append(f.uses[v], n)
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					r.recordAssign(f, l, n.Rhs[i], n)
				}
			} else {
				for _, l := range n.Lhs {
					r.recordAssign(f, l, nil, n)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				if rhs != nil {
					r.recordAssign(f, name, rhs, n)
				}
			}
		case *ast.RangeStmt:
			f.ranges = append(f.ranges, n)
			if n.Key != nil {
				r.recordAssign(f, n.Key, nil, n)
			}
			if n.Value != nil {
				r.recordAssign(f, n.Value, nil, n)
			}
		case *ast.ReturnStmt:
			f.returns = append(f.returns, n)
			for _, res := range n.Results {
				r.recordEscape(f, res, n, "returned", nil)
			}
		case *ast.SendStmt:
			r.recordEscape(f, n.Value, n, "sent on a channel", nil)
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				r.recordEscape(f, elt, n, "stored in a composite literal", nil)
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "append" && len(n.Args) > 0 {
					for _, a := range n.Args[1:] {
						r.recordEscape(f, a, n, "appended to a slice", nil)
					}
				}
			}
			if op, ok := r.lockCall(n); ok {
				if _, isDefer := f.parent[n].(*ast.DeferStmt); isDefer {
					op.deferred = true
				}
				f.locks = append(f.locks, op)
			}
		}
		return true
	})
	forEachMutation(info, decl.Body, r.mut, func(target ast.Expr, node ast.Node, desc string) {
		if p, ok := pathOf(info, target); ok {
			f.muts = append(f.muts, mutation{p, node, desc})
		}
	})
	return f
}

func (r *run) recordAssign(f *fn, lhs, rhs ast.Expr, stmt ast.Node) {
	info := r.pass.TypesInfo
	lp, ok := pathOf(info, lhs)
	if ok && rhs != nil && r.isLocal(f, lp.root) {
		if len(lp.steps) > 0 && lp.field != nil && isMap(lp.field.Type()) {
			f.fields = append(f.fields, assignment{lp, rhs, stmt})
		}
		// v := T{f: y.g} / v := &T{f: y.g}
		lit, ptr := ast.Unparen(rhs), false
		if u, isU := lit.(*ast.UnaryExpr); isU && u.Op == token.AND {
			lit, ptr = ast.Unparen(u.X), true
		}
		if cl, isCL := lit.(*ast.CompositeLit); isCL {
			for _, elt := range cl.Elts {
				kv, isKV := elt.(*ast.KeyValueExpr)
				if !isKV {
					continue
				}
				id, isID := kv.Key.(*ast.Ident)
				if !isID {
					continue
				}
				fv, _ := info.Uses[id].(*types.Var)
				if fv == nil || !fv.IsField() || !isMap(fv.Type()) {
					continue
				}
				q := lp
				q.steps = append([]string(nil), lp.steps...)
				if ptr {
					q.steps = append(q.steps, "*")
				}
				q.steps = append(q.steps, fv.Name())
				q.field = fv
				f.fields = append(f.fields, assignment{q, kv.Value, stmt})
			}
		}
	}
	if !ok {
		// m[k] = x stores x, as does anything else that is not a variable.
		if rhs != nil {
			r.recordEscape(f, rhs, stmt, "stored", nil)
		}
		return
	}
	f.assigns = append(f.assigns, assignment{lp, rhs, stmt})
	if len(lp.steps) == 0 {
		f.nassign[lp.root]++
		if rp, ok := pathOf(info, rhsOrNil(rhs)); ok && f.nassign[lp.root] == 1 && r.isLocal(f, lp.root) && isMap(lp.root.Type()) {
			f.alias[lp.root] = rp
		} else {
			delete(f.alias, lp.root)
		}
	}
	if rhs != nil && (len(lp.steps) > 0 || !r.isLocal(f, lp.root)) {
		to := lp
		r.recordEscape(f, rhs, stmt, "stored", &to)
	}
}

func rhsOrNil(e ast.Expr) ast.Expr {
	if e == nil {
		return &ast.BadExpr{}
	}
	return e
}

func (r *run) recordEscape(f *fn, e ast.Expr, node ast.Node, kind string, to *path) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	if p, ok := pathOf(r.pass.TypesInfo, e); ok {
		f.escapes = append(f.escapes, escape{p, node, kind, to})
	}
}

// isLocal reports whether v is a variable declared inside f (not a
// parameter, the receiver or a package-level variable).
func (r *run) isLocal(f *fn, v *types.Var) bool {
	if v == f.recv || f.params[v] {
		return false
	}
	if v.Parent() == nil || v.Parent() == r.pass.Pkg.Scope() || v.Pkg() != r.pass.Pkg {
		return false
	}
	return v.Pos() >= f.decl.Pos() && v.Pos() < f.decl.End()
}

func (r *run) isGlobal(v *types.Var) bool {
	return v.Parent() != nil && v.Parent() == v.Pkg().Scope()
}

// resolve replaces a local that is assigned exactly once, from a path, by
// that path: h := o.Headers; h[k] = v writes o.Headers.
func (f *fn) resolve(p path) path {
	for i := 0; i < 4; i++ {
		a, ok := f.alias[p.root]
		if !ok || f.nassign[p.root] != 1 {
			return p
		}
		q := a
		q.steps = append(append([]string(nil), a.steps...), p.steps...)
		if len(p.steps) > 0 {
			q.field = p.field
		}
		q.expr = p.expr
		p = q
	}
	return p
}

// lockCall recognises mu.Lock(), mu.RLock(), mu.Unlock(), mu.RUnlock() on a
// sync.Mutex or sync.RWMutex, embedded ones included.
func (r *run) lockCall(call *ast.CallExpr) (lockOp, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return lockOp{}, false
	}
	s := r.pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return lockOp{}, false
	}
	m, ok := s.Obj().(*types.Func)
	if !ok || m.Pkg() == nil || m.Pkg().Path() != "sync" {
		return lockOp{}, false
	}
	var lock bool
	switch m.Name() {
	case "Lock", "RLock":
		lock = true
	case "Unlock", "RUnlock":
	default:
		return lockOp{}, false
	}
	p, ok := pathOf(r.pass.TypesInfo, sel.X)
	if !ok {
		return lockOp{}, false
	}
	// An embedded mutex: c.Lock() locks c.Mutex.
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		if ptr, ok := t.Underlying().(*types.Pointer); ok {
			p.steps = append(p.steps, "*")
			t = ptr.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return lockOp{}, false
		}
		p.steps = append(p.steps, st.Field(i).Name())
		t = st.Field(i).Type()
	}
	return lockOp{mu: p, pos: call.Pos(), lock: lock, text: r.text(sel.X)}, true
}

// owner returns the path of the struct a path's last field belongs to:
// c.items → c (with the pointer step), so c.mu and c.items share an owner.
func owner(p path) (pathKey, bool) {
	if len(p.steps) == 0 || p.steps[len(p.steps)-1] == "*" || p.steps[len(p.steps)-1] == "[]" {
		return pathKey{}, false
	}
	return pathKey{p.root, strings.Join(p.steps[:len(p.steps)-1], ".")}, true
}

// heldAt returns the lock of the struct owning p that f holds at pos: a
// Lock/RLock before pos with no plain Unlock between.
func (f *fn) heldAt(own pathKey, pos token.Pos) (lockOp, bool) {
	var held lockOp
	ok := false
	for _, op := range f.locks {
		if op.pos >= pos {
			break
		}
		o, has := owner(op.mu)
		if !has || o != own {
			continue
		}
		switch {
		case op.lock:
			held, ok = op, true
		case !op.deferred:
			ok = false
		}
	}
	return held, ok
}

// collectFieldFacts fills r.fields and r.guards from every function of the
// package.
func (r *run) collectFieldFacts() {
	for _, f := range r.funcs {
		for _, m := range f.muts {
			p := f.resolve(m.p)
			if p.field == nil {
				continue
			}
			if _, seen := r.fields[p.field]; !seen && !r.freshlyAssigned(f, p, m.node) {
				r.fields[p.field] = fieldUse{m.node, f}
			}
			if own, ok := owner(p); ok {
				if op, held := f.heldAt(own, m.node.Pos()); held {
					if g, seen := r.guards[p.field]; !seen || !g.entries {
						r.guards[p.field] = guard{op.text, op.pos, m.node, true}
					}
				}
			}
		}
		for _, a := range f.assigns {
			if a.lhs.field == nil || !isMap(a.lhs.field.Type()) {
				continue
			}
			if own, ok := owner(a.lhs); ok {
				if op, held := f.heldAt(own, a.stmt.Pos()); held {
					if _, seen := r.guards[a.lhs.field]; !seen {
						r.guards[a.lhs.field] = guard{op.text, op.pos, a.stmt, false}
					}
				}
			}
		}
	}
}

// freshlyAssigned reports whether the map that a write through p changes
// was assigned to p earlier in f on every path, and every such assignment
// before the write stores a fresh map (make, a literal, a call result):
// the write fills a map f made, not one stored in the field before
// (clickhouse's options.parameters = make(...) then filled). Such a write
// does not make the field a map the package "writes in place".
func (r *run) freshlyAssigned(f *fn, p path, at ast.Node) bool {
	key := p.key()
	if !r.mustAssignBefore(f, at, map[pathKey]bool{key: true}, f.decl.Body.Lbrace) {
		return false
	}
	n := 0
	for _, a := range f.assigns {
		if a.stmt.Pos() >= at.Pos() || f.resolve(a.lhs).key() != key {
			continue
		}
		if !r.freshMap(a.rhs) {
			return false
		}
		n++
	}
	return n > 0
}

// freshMap reports whether e makes a new map: make, a composite literal, or
// the result of a call that is not a conversion.
func (r *run) freshMap(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		tv, ok := r.pass.TypesInfo.Types[e.Fun]
		return ok && !tv.IsType()
	}
	return false
}

// mustAssignBefore reports whether, on every path from the start of the
// region (after) to node, a statement assigns one of keys: an assignment
// in an enclosing block before node, or an if/else or switch with default
// whose every branch assigns.
func (r *run) mustAssignBefore(f *fn, node ast.Node, keys map[pathKey]bool, after token.Pos) bool {
	child := node
	for n := f.parent[node]; n != nil; child, n = n, f.parent[n] {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		case *ast.FuncDecl:
			return false
		}
		for _, s := range list {
			if s.End() > child.Pos() {
				break
			}
			if s.Pos() > after && r.mustAssign(s, keys) {
				return true
			}
		}
	}
	return false
}

func (r *run) mustAssign(s ast.Stmt, keys map[pathKey]bool) bool {
	info := r.pass.TypesInfo
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
			return false
		}
		for _, l := range s.Lhs {
			if p, ok := pathOf(info, l); ok && keys[p.key()] {
				return true
			}
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						if p, ok := pathOf(info, n); ok && keys[p.key()] {
							return true
						}
					}
				}
			}
		}
	case *ast.BlockStmt:
		for _, x := range s.List {
			if r.mustAssign(x, keys) {
				return true
			}
		}
	case *ast.LabeledStmt:
		return r.mustAssign(s.Stmt, keys)
	case *ast.IfStmt:
		if s.Init != nil && r.mustAssign(s.Init, keys) {
			return true
		}
		return s.Else != nil && r.mustAssign(s.Body, keys) && r.mustAssign(s.Else, keys)
	case *ast.SwitchStmt:
		return r.allClauses(s.Body, keys)
	case *ast.TypeSwitchStmt:
		return r.allClauses(s.Body, keys)
	}
	return false
}

func (r *run) allClauses(body *ast.BlockStmt, keys map[pathKey]bool) bool {
	hasDefault := false
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			hasDefault = true
		}
		if !r.mustAssign(&ast.BlockStmt{List: cc.Body}, keys) {
			return false
		}
	}
	return hasDefault
}

// usedAfter returns the first use of v after pos, other than as the
// target of a plain assignment, or nil.
func (r *run) usedAfter(f *fn, v *types.Var, pos token.Pos, skip func(*ast.Ident) bool) *ast.Ident {
	for _, id := range f.uses[v] {
		if id.Pos() <= pos {
			continue
		}
		if as, ok := f.parent[id].(*ast.AssignStmt); ok && (as.Tok == token.ASSIGN || as.Tok == token.DEFINE) {
			lhs := false
			for _, l := range as.Lhs {
				if l == ast.Expr(id) {
					lhs = true
				}
			}
			if lhs {
				continue
			}
		}
		if skip != nil && skip(id) {
			continue
		}
		return id
	}
	return nil
}

func (r *run) text(e ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, r.pass.Fset, e); err != nil {
		return "?"
	}
	return b.String()
}

func pathText(p path) string {
	var b strings.Builder
	b.WriteString(p.root.Name())
	for _, s := range p.steps {
		switch s {
		case "*":
			continue
		case "[]":
			b.WriteString("[...]")
			continue
		}
		b.WriteString(".")
		b.WriteString(s)
	}
	return b.String()
}

func typeName(r *run, t types.Type) string {
	return types.TypeString(t, types.RelativeTo(r.pass.Pkg))
}

// report emits a diagnostic with its related positions and, when plan
// allows, a fix replacing [from, to) by the wrapped expression (replace)
// or inserting a statement.
func (r *run) report(pos, end token.Pos, msg string, related []analysis.RelatedInformation, fixes []analysis.SuggestedFix) {
	r.pass.Report(analysis.Diagnostic{
		Pos:            pos,
		End:            end,
		Category:       Name,
		Message:        msg,
		Related:        related,
		SuggestedFixes: fixes,
	})
}

func rel(pos token.Pos, format string, args ...any) analysis.RelatedInformation {
	return analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// wrapFix returns the fix that replaces e by a copy of it, or nil and the
// reason there is none.
func (r *run) wrapFix(f *fn, e ast.Expr) ([]analysis.SuggestedFix, string) {
	plan := r.planCopy(f.file, e.Pos(), r.pass.TypesInfo.TypeOf(e))
	if !plan.ok() {
		return nil, plan.why
	}
	edits := append([]analysis.TextEdit{{Pos: e.Pos(), End: e.End(), NewText: []byte(plan.wrap(r.text(e)))}}, plan.edits...)
	return []analysis.SuggestedFix{{Message: plan.title, TextEdits: edits}}, ""
}

func noFixNote(why string) string {
	if why == "" {
		return ""
	}
	return " (no automatic fix: " + why + ")"
}

var sprintf = fmt.Sprintf
