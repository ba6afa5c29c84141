package mapalias

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A structCopy is a variable holding a copy of a struct value: a value
// receiver, a value parameter, or a local assigned from another struct.
type structCopy struct {
	v      *types.Var
	after  token.Pos      // region start (the body's brace, or the copying statement)
	site   token.Pos      // where the copy is made
	stmt   ast.Stmt       // the copying statement for locals
	body   *ast.BlockStmt // for range values: the loop body (the fix goes first in it)
	from   *path          // the original, for locals
	origin string         // "the caller's receiver", "*p"
}

func isStruct(t types.Type) bool {
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// structCopies reports a map field of a copied struct that is mutated while
// the copy is handed on as a new value.
func (r *run) structCopies(f *fn) {
	var copies []structCopy
	if f.recv != nil && isStruct(f.recv.Type()) && f.recv.Name() != "" && f.recv.Name() != "_" {
		copies = append(copies, structCopy{v: f.recv, after: f.decl.Body.Lbrace, site: f.recv.Pos(), origin: "the caller's receiver"})
	}
	for v := range f.obj.Type().(*types.Signature).Params().Variables() {
		// A value parameter of an unexported helper is often expanded in
		// place and written back by every caller (t := expand(*s); *s = *t):
		// only an exported function's parameter is surely the caller's.
		if !f.obj.Exported() {
			break
		}
		if isStruct(v.Type()) && v.Name() != "" && v.Name() != "_" {
			copies = append(copies, structCopy{v: v, after: f.decl.Body.Lbrace, site: v.Pos(), origin: "the caller's argument"})
		}
	}
	for _, a := range f.assigns {
		if len(a.lhs.steps) > 0 || a.rhs == nil || !r.isLocal(f, a.lhs.root) || !isStruct(a.lhs.root.Type()) {
			continue
		}
		from, ok := pathOf(r.pass.TypesInfo, a.rhs)
		if !ok || from.root == a.lhs.root {
			continue
		}
		stmt, _ := a.stmt.(ast.Stmt)
		if vs, ok := a.stmt.(*ast.ValueSpec); ok {
			stmt, _ = f.parent[f.parent[vs]].(*ast.DeclStmt)
		}
		copies = append(copies, structCopy{v: a.lhs.root, after: a.stmt.Pos(), site: a.rhs.Pos(), stmt: stmt, from: &from, origin: r.text(a.rhs)})
	}
	for _, rs := range f.ranges {
		id, ok := rs.Value.(*ast.Ident)
		if !ok || rs.Tok != token.DEFINE {
			continue
		}
		v, _ := r.pass.TypesInfo.Defs[id].(*types.Var)
		if v == nil || !isStruct(v.Type()) {
			continue
		}
		from, ok := pathOf(r.pass.TypesInfo, rs.X)
		if !ok {
			continue
		}
		from.steps = append(append([]string(nil), from.steps...), "[]")
		copies = append(copies, structCopy{v: v, after: rs.Body.Lbrace, site: id.Pos(), from: &from, body: rs.Body,
			origin: "an element of " + r.text(rs.X)})
	}
	for _, c := range copies {
		reported := make(map[pathKey]bool)
		for _, m := range f.muts {
			p := f.resolve(m.p)
			if p.root != c.v || len(p.steps) == 0 || !p.valueOnly() || m.node.Pos() <= c.after {
				continue
			}
			if reported[p.key()] {
				continue
			}
			if r.mustAssignBefore(f, m.node, p.prefixKeys(), c.after) {
				continue
			}
			esc := r.copyEscapes(f, c, m.node.End())
			if esc == nil {
				continue
			}
			if c.from != nil && !r.foreign(f, *c.from, m.node.End()) {
				continue
			}
			reported[p.key()] = true
			r.reportStructCopy(f, c, m, p, esc)
		}
	}
}

// copyEscapes returns where the copy c leaves the function as a new value
// after pos: returned, stored or sent — not stored back where it came from.
func (r *run) copyEscapes(f *fn, c structCopy, pos token.Pos) *escape {
	for i, e := range f.escapes {
		if e.p.root != c.v || len(e.p.steps) != 0 || e.node.Pos() < pos {
			continue
		}
		if c.from != nil && e.to != nil && e.to.key() == c.from.key() {
			continue
		}
		if ret, ok := e.node.(*ast.ReturnStmt); ok && r.returnedAsInterface(f, ret, c.v) {
			continue
		}
		return &f.escapes[i]
	}
	return nil
}

// returnedAsInterface reports whether ret returns the copy v as an
// interface value (func (v visitor) Visit(n ast.Node) ast.Visitor { ...;
// return v }): the copy is then a handle whose shared maps are the point
// (visitors and walkers accumulating into one map), not a modified value
// handed back to the caller like a With* method's result.
func (r *run) returnedAsInterface(f *fn, ret *ast.ReturnStmt, v *types.Var) bool {
	var sig *types.Signature
	for n := f.parent[ret]; n != nil && sig == nil; n = f.parent[n] {
		switch n := n.(type) {
		case *ast.FuncLit:
			sig, _ = r.pass.TypesInfo.TypeOf(n).(*types.Signature)
		case *ast.FuncDecl:
			if f.obj != nil {
				sig, _ = f.obj.Type().(*types.Signature)
			}
		}
		if _, ok := n.(*ast.FuncDecl); ok {
			break
		}
	}
	if sig == nil && f.obj != nil {
		sig, _ = f.obj.Type().(*types.Signature)
	}
	if sig == nil || sig.Results().Len() != len(ret.Results) {
		return false
	}
	for i, res := range ret.Results {
		if id, ok := ast.Unparen(res).(*ast.Ident); ok && r.pass.TypesInfo.Uses[id] == v {
			return types.IsInterface(sig.Results().At(i).Type())
		}
	}
	return false
}

// foreign reports whether the original p belongs to someone else than the
// copying code: a parameter, the receiver, a package variable, or a local
// that is still used after pos.
func (r *run) foreign(f *fn, p path, pos token.Pos) bool {
	if p.root == f.recv || f.params[p.root] || r.isGlobal(p.root) {
		return true
	}
	return r.usedAfter(f, p.root, pos, nil) != nil
}

func (r *run) reportStructCopy(f *fn, c structCopy, m mutation, p path, esc *escape) {
	field := pathText(p)
	mapExpr := field
	target := field
	if mp, ok := pathOf(r.pass.TypesInfo, m.p.expr); ok && mp.root != p.root {
		target = pathText(mp) + " (" + field + ")"
	}
	typ := typeName(r, c.v.Type())
	msg := "%s %s mutates a map shared with %s: %s is a copy, but copying a struct (%s) does not copy the maps it holds"
	origin := c.origin
	related := []analysis.RelatedInformation{
		rel(c.site, "%s is copied from %s here; its field %s still refers to the original's map", c.v.Name(), origin, strings.TrimPrefix(field, c.v.Name()+".")),
		rel(esc.node.Pos(), "the copy is %s here as a new value, sharing %s with the original", esc.kind, field),
	}
	fixes, why := r.insertCloneFix(f, c, p, mapExpr)
	r.report(m.node.Pos(), m.node.End(),
		strings.TrimSpace(sprintf(msg, m.desc, target, origin, c.v.Name(), typ))+noFixNote(why), related, fixes)
}

// insertCloneFix inserts `o.f = clone(o.f)` where the copy is made: first in
// the body for a receiver or parameter, after the copying statement for a
// local.
func (r *run) insertCloneFix(f *fn, c structCopy, p path, expr string) ([]analysis.SuggestedFix, string) {
	var at token.Pos
	var indent string
	var before bool
	switch {
	case c.stmt == nil:
		body := f.decl.Body
		if c.body != nil {
			body = c.body
		}
		if len(body.List) == 0 {
			return nil, "empty body"
		}
		first := body.List[0]
		at = first.Pos()
		// Go before the comments that introduce the first statement.
		for _, cg := range f.file.Comments {
			if cg.Pos() > body.Lbrace && cg.End() <= at {
				at = cg.Pos()
				break
			}
		}
		indent, before = r.indentOf(at), true
	default:
		switch f.parent[c.stmt].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		default:
			return nil, "the copy is made inside another statement"
		}
		at, indent = r.lineEnd(c.stmt.End()), r.indentOf(c.stmt.Pos())
	}
	plan := r.planCopy(f.file, at, p.field.Type())
	if !plan.ok() {
		return nil, plan.why
	}
	stmt := expr + " = " + plan.wrap(expr)
	text := "\n" + indent + stmt
	if before {
		text = stmt + "\n" + indent
	}
	edits := append([]analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text)}}, plan.edits...)
	return []analysis.SuggestedFix{{Message: plan.title, TextEdits: edits}}, ""
}

// indentOf returns the white space that starts the line holding pos.
func (r *run) indentOf(pos token.Pos) string {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return "\t"
	}
	// Unadjusted: a //line directive must not move us to another file's
	// line and column (the offset is into this file's content).
	p := r.pass.Fset.PositionFor(pos, false)
	col := p.Column - 1
	content, err := r.pass.ReadFile(tf.Name())
	if err != nil {
		return strings.Repeat("\t", 1)
	}
	start := p.Offset - col
	if col < 0 || start < 0 || p.Offset > len(content) {
		return "\t"
	}
	line := content[start:p.Offset]
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return string(line[:i])
}

// mapAliases reports out := base mutated through out and handed on as a
// new map while base belongs to the caller or the package, and old := m
// kept as a snapshot while m is mutated.
func (r *run) mapAliases(f *fn) {
	info := r.pass.TypesInfo
	for _, a := range f.assigns {
		if len(a.lhs.steps) > 0 || a.rhs == nil || !r.isLocal(f, a.lhs.root) || !isMap(a.lhs.root.Type()) {
			continue
		}
		y, ok := pathOf(info, a.rhs)
		if !ok || y.root == a.lhs.root {
			continue
		}
		x := a.lhs.root
		xKeys := map[pathKey]bool{{x, ""}: true}
		if r.aliasWorkingCopy(f, a, x, y, xKeys) {
			continue
		}
		r.aliasSnapshot(f, a, x, y, xKeys)
	}
}

// fieldAliases reports v.f = y.g (or v := &T{f: y.g}) for a local v, then
// a write through v.f while y.g belongs to the caller, the receiver or the
// package: the new value was meant to get a map of its own.
func (r *run) fieldAliases(f *fn) {
	info := r.pass.TypesInfo
	for _, a := range f.fields {
		y, ok := pathOf(info, a.rhs)
		if !ok || y.root == a.lhs.root {
			continue
		}
		y = f.resolve(y)
		whose, ok := r.ownerDesc(f, y)
		if !ok {
			continue
		}
		if y.root == f.recv && !exportedType(f.recv.Type()) {
			// An unexported type's fields are often single-use scratch
			// state (an internal request object handing its header to
			// http.Request): too weak a signal.
			continue
		}
		keys := a.lhs.prefixKeys()
		for _, m := range f.muts {
			p := f.resolve(m.p)
			if p.key() != a.lhs.key() || m.node.Pos() <= a.stmt.End() {
				continue
			}
			if r.mustAssignBefore(f, m.node, keys, a.stmt.Pos()) {
				continue
			}
			fixes, why := r.wrapFix(f, a.rhs)
			r.report(m.node.Pos(), m.node.End(),
				sprintf("%s %s mutates %s: %s = %s shares the map, it does not copy it", m.desc, pathText(p), whose, pathText(a.lhs), r.text(a.rhs))+noFixNote(why),
				[]analysis.RelatedInformation{
					rel(a.rhs.Pos(), "%s is made an alias of %s here", pathText(a.lhs), r.text(a.rhs)),
					rel(y.root.Pos(), "%s", ownerNote(f, r, y)),
				}, fixes)
			break
		}
	}
}

func (r *run) ownerDesc(f *fn, y path) (string, bool) {
	switch {
	case f.params[y.root]:
		return "the caller's map " + r.text(y.expr), true
	case y.root == f.recv && len(y.steps) > 0:
		return r.text(y.expr), true
	case r.isGlobal(y.root):
		return "the package-level map " + r.text(y.expr), true
	}
	return "", false
}

func (r *run) aliasWorkingCopy(f *fn, a assignment, x *types.Var, y path, xKeys map[pathKey]bool) bool {
	whose, ok := r.ownerDesc(f, y)
	if !ok {
		return false
	}
	// x written back into y (lazy initialisation, m := s.m; ...; s.m = m),
	// or stored elsewhere in y's owner (iters := g.readers[id]; iters[k] =
	// v; g.iters[k] = iters: pebble's generator indexing one set from two
	// maps): the sharing is intended.
	for _, e := range f.escapes {
		if e.p.root == x && len(e.p.steps) == 0 && e.to != nil && (e.to.key() == y.key() || (e.to.root == y.root && len(y.steps) > 0)) {
			return false
		}
	}
	for _, m := range f.muts {
		if m.p.root != x || len(m.p.steps) != 0 || m.node.Pos() <= a.stmt.End() {
			continue
		}
		if r.mustAssignBefore(f, m.node, xKeys, a.stmt.Pos()) {
			continue
		}
		var esc *escape
		for i, e := range f.escapes {
			if e.p.root == x && len(e.p.steps) == 0 && e.node.Pos() > m.node.Pos() {
				esc = &f.escapes[i]
				break
			}
		}
		if esc == nil {
			return false
		}
		fixes, why := r.wrapFix(f, y.expr)
		r.report(m.node.Pos(), m.node.End(),
			sprintf("%s %s mutates %s: %s := %s makes an alias, not a copy", m.desc, x.Name(), whose, x.Name(), r.text(y.expr))+noFixNote(why),
			[]analysis.RelatedInformation{
				rel(a.rhs.Pos(), "%s is made an alias of %s here", x.Name(), r.text(y.expr)),
				rel(esc.node.Pos(), "%s is %s here as if it were a map of its own", x.Name(), esc.kind),
			}, fixes)
		return true
	}
	return false
}

func (r *run) aliasSnapshot(f *fn, a assignment, x *types.Var, y path, xKeys map[pathKey]bool) {
	if y.indexed() {
		return // m[a] and m[b] share a key: too coarse to tell a snapshot
	}
	yKeys := y.prefixKeys()
	for _, m := range f.muts {
		if m.p.key() != y.key() || m.node.Pos() <= a.stmt.End() {
			continue
		}
		if r.mustAssignBefore(f, m.node, yKeys, a.stmt.Pos()) || r.mustAssignBefore(f, m.node, xKeys, a.stmt.Pos()) {
			continue
		}
		read := r.usedAfter(f, x, m.node.End(), func(id *ast.Ident) bool {
			return r.mustAssignBefore(f, id, xKeys, a.stmt.Pos())
		})
		if read == nil {
			continue
		}
		fixes, why := r.wrapFix(f, y.expr)
		r.report(m.node.Pos(), m.node.End(),
			sprintf("%s %s also changes %s: %s := %s made an alias, not a snapshot of the old contents", m.desc, r.text(y.expr), x.Name(), x.Name(), r.text(y.expr))+noFixNote(why),
			[]analysis.RelatedInformation{
				rel(a.rhs.Pos(), "%s is made an alias of %s here", x.Name(), r.text(y.expr)),
				rel(read.Pos(), "%s is read here as if it still held the old contents", x.Name()),
			}, fixes)
		return
	}
}

// exportedAPI reports whether f is part of its package's API: an exported
// function, or an exported method of an exported type.
func (r *run) exportedAPI(f *fn) bool {
	if !f.obj.Exported() {
		return false
	}
	if f.recv == nil {
		return true
	}
	t := f.recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Exported()
}

// ownershipDoc reports whether a doc comment says the function keeps or
// hands over the map on purpose.
func ownershipDoc(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	t := strings.ToLower(doc.Text())
	for _, w := range []string{"ownership", "owns", "takes over", "retain", "must not modify", "must not be modified",
		"not be mutated", "must not mutate", "not copied", "does not copy", "without copying", "shares", "shared",
		"read-only", "readonly", "do not modify", "should not be modified", "should not modify", "caller must not"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// boundaryStores reports an exported function that stores its caller's map
// in a field the type mutates or guards.
func (r *run) boundaryStores(f *fn) {
	if !r.exportedAPI(f) || ownershipDoc(f.decl.Doc) {
		return
	}
	info := r.pass.TypesInfo
	check := func(field *types.Var, rhs ast.Expr, at ast.Node) {
		// An exported field is data the caller could set itself; only an
		// unexported one is the type's own state.
		if field == nil || !isMap(field.Type()) || field.Exported() {
			return
		}
		p, ok := pathOf(info, rhs)
		if !ok {
			return
		}
		p = f.resolve(p)
		if !f.params[p.root] || !p.valueOnly() {
			return
		}
		if r.mustAssignBefore(f, at, map[pathKey]bool{{p.root, ""}: true}, f.decl.Body.Lbrace) {
			return
		}
		// The type writes the map's entries later (preferably in an exported
		// method, the write the caller will trigger), or, with
		// -mapalias.guardedstores, merely guards the field with a mutex.
		var why analysis.RelatedInformation
		what := "which is written later"
		if u, ok := r.fieldWrite(field); ok {
			why = rel(u.node.Pos(), "%s writes to the map in %s here", u.fn.obj.Name(), field.Name())
		} else if mu, w, ok := r.guardOf(field, ""); ok && guardedStores {
			why, what = w, "which is guarded by "+mu
		} else {
			return
		}
		owner := "its field " + field.Name()
		fixes, whyNot := r.wrapFix(f, rhs)
		r.report(rhs.Pos(), rhs.End(),
			sprintf("%s keeps the caller's map %s in %s, %s: the caller and the %s now share one map; copy it at the boundary",
				f.obj.Name(), r.text(rhs), owner, what, fieldOwnerName(r, field))+noFixNote(whyNot),
			[]analysis.RelatedInformation{
				rel(p.root.Pos(), "%s comes from the caller", p.root.Name()),
				why,
			}, fixes)
	}
	for _, a := range f.assigns {
		if a.rhs != nil && a.lhs.field != nil && len(a.lhs.steps) > 0 && a.lhs.steps[len(a.lhs.steps)-1] != "*" {
			check(a.lhs.field, a.rhs, a.stmt)
		}
	}
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		st, ok := info.TypeOf(lit).Underlying().(*types.Struct)
		if !ok {
			if p, ok := info.TypeOf(lit).Underlying().(*types.Pointer); ok {
				st, _ = p.Elem().Underlying().(*types.Struct)
			}
		}
		if st == nil {
			return true
		}
		for i, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					v, _ := info.Uses[id].(*types.Var)
					check(v, kv.Value, lit)
				}
			} else if i < st.NumFields() {
				check(st.Field(i), elt, lit)
			}
		}
		return true
	})
}

// fieldOwnerName names the struct declaring field (for messages).
func fieldOwnerName(r *run, field *types.Var) string {
	if field.Pkg() != nil {
		scope := field.Pkg().Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for fv := range st.Fields() {
					if fv == field {
						return tn.Name()
					}
				}
			}
		}
	}
	return "struct"
}

// guardedReturns reports an exported method that returns its receiver's
// mutex-guarded map, whose entries other code writes under the lock.
func (r *run) guardedReturns(f *fn) {
	if !r.exportedAPI(f) || f.recv == nil || ownershipDoc(f.decl.Doc) {
		return
	}
	info := r.pass.TypesInfo
	for _, ret := range f.returns {
		if r.enclosingFunc(f, ret) != ast.Node(f.decl) {
			continue // a closure's return
		}
		for _, res := range ret.Results {
			p, ok := pathOf(info, res)
			if !ok {
				continue
			}
			direct := p
			p = f.resolve(p)
			if p.root != f.recv || p.field == nil || !isMap(p.field.Type()) {
				continue
			}
			// Entries written in place somewhere (not copy-on-write), and a
			// mutex guards the field.
			write, ok := r.fields[p.field]
			if !ok {
				continue
			}
			mu, guardWhy, ok := r.guardOf(p.field, f.recv.Name())
			if !ok {
				continue
			}
			own, _ := owner(p)
			g := guard{mu: mu}
			related := []analysis.RelatedInformation{guardWhy}
			if write.node.Pos() != guardWhy.Pos {
				related = append(related, rel(write.node.Pos(), "%s writes entries of the map here", write.fn.obj.Name()))
			}
			var fixes []analysis.SuggestedFix
			why := ""
			switch {
			case len(direct.steps) == 0 && direct.root != p.root:
				// return m, where m := c.items: copy at the alias, if the
				// lock is held there.
				var src ast.Expr
				var at token.Pos
				for _, a := range f.assigns {
					if a.lhs.root == direct.root && len(a.lhs.steps) == 0 && a.rhs != nil {
						src, at = a.rhs, a.stmt.Pos()
					}
				}
				if src != nil && r.replacedBetween(f, p, at, ret.Pos()) {
					continue // old := c.m; c.m = next; return old: the old map is detached
				}
				if op, held := f.heldAt(own, at); held && src != nil {
					related = append(related, rel(op.pos, "%s is locked here, so the copy is made under the lock", g.mu))
					fixes, why = r.wrapFix(f, src)
				} else {
					why = "the map is not read under " + g.mu + " here; copy it while holding the lock"
				}
			default:
				if op, held := f.heldAt(own, ret.Pos()); held {
					related = append(related, rel(op.pos, "%s is held at the return, so the copy is made under the lock", g.mu))
					fixes, why = r.wrapFix(f, res)
				} else {
					why = "the map is not read under " + g.mu + " here; copy it while holding the lock"
				}
			}
			r.report(res.Pos(), res.End(),
				sprintf("%s returns the internal map %s, guarded by %s: the caller reads it without the lock while other methods write it; return a copy",
					f.obj.Name(), pathText(p), g.mu)+noFixNote(why),
				related, fixes)
		}
	}
}

func (r *run) enclosingFunc(f *fn, n ast.Node) ast.Node {
	for p := f.parent[n]; p != nil; p = f.parent[p] {
		switch p.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return p
		}
	}
	return nil
}

// replacedBetween reports whether f assigns p (or a prefix of it) between
// from and to.
func (r *run) replacedBetween(f *fn, p path, from, to token.Pos) bool {
	keys := p.prefixKeys()
	for _, a := range f.assigns {
		if pos := a.stmt.Pos(); pos > from && pos < to && keys[a.lhs.key()] {
			return true
		}
	}
	return false
}

func exportedType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Exported()
}

// fieldWrite returns a write to the entries of field's map, preferring one
// in an exported function.
func (r *run) fieldWrite(field *types.Var) (fieldUse, bool) {
	first, ok := r.fields[field]
	if !ok {
		return fieldUse{}, false
	}
	// An exported method (AddHeader) first, the write a caller triggers on
	// a value it holds; then an exported function; then any.
	for _, methods := range []bool{true, false} {
		for _, f := range r.funcs {
			if !f.obj.Exported() || (f.recv != nil) != methods {
				continue
			}
			for _, m := range f.muts {
				if p := f.resolve(m.p); p.field == field {
					return fieldUse{m.node, f}, true
				}
			}
		}
	}
	return first, true
}

// lineEnd returns the end of the line holding pos (before its newline), so
// that a statement inserted after pos does not take over a trailing
// comment.
func (r *run) lineEnd(pos token.Pos) token.Pos {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return pos
	}
	content, err := r.pass.ReadFile(tf.Name())
	if err != nil {
		return pos
	}
	off := tf.Offset(pos)
	for off < len(content) && content[off] != '\n' {
		off++
	}
	if off > tf.Size() {
		return pos
	}
	return tf.Pos(off)
}

// ownerNote says why the original map is someone else's.
func ownerNote(f *fn, r *run, y path) string {
	switch {
	case y.root == f.recv:
		return y.root.Name() + " is the receiver: " + pathText(y) + " outlives this call and is shared with its other users"
	case f.params[y.root]:
		return y.root.Name() + " is the caller's argument"
	case r.isGlobal(y.root):
		return y.root.Name() + " is a package-level variable, shared by every call"
	}
	return y.root.Name() + " is not this function's own"
}
