package mapalias

import (
	"go/ast"
	"go/types"
	"strings"
)

// A path names a storage location the way the source does: a variable
// followed by field selections and pointer indirections, such as o.Headers
// (root o, steps [Headers]) or c.cfg.Labels through a pointer receiver
// (root c, steps [* cfg Labels]). Two expressions with equal keys denote
// the same location within one function.
type path struct {
	root  *types.Var
	steps []string   // field names; "*" for an indirection
	field *types.Var // the last field selected, or nil
	expr  ast.Expr   // the expression (for positions and text)
}

type pathKey struct {
	root *types.Var
	sel  string
}

func (p path) key() pathKey { return pathKey{p.root, strings.Join(p.steps, ".")} }

// prefixKeys returns the keys of p and of every path p extends: an
// assignment to any of them replaces what p denotes.
func (p path) prefixKeys() map[pathKey]bool {
	keys := map[pathKey]bool{{p.root, ""}: true}
	for i := range p.steps {
		keys[pathKey{p.root, strings.Join(p.steps[:i+1], ".")}] = true
	}
	return keys
}

// valueOnly reports whether p selects fields of a struct value without
// going through a pointer: copying the root copies everything on the way.
func (p path) valueOnly() bool {
	for _, s := range p.steps {
		if s == "*" || s == "[]" {
			return false
		}
	}
	return true
}

// indexed reports whether p goes through an element of a container.
func (p path) indexed() bool {
	for _, s := range p.steps {
		if s == "[]" {
			return true
		}
	}
	return false
}

// hasPrefix reports whether q's steps start with p's (same root).
func (p path) hasPrefix(q path) bool {
	if p.root != q.root || len(q.steps) > len(p.steps) {
		return false
	}
	for i, s := range q.steps {
		if p.steps[i] != s {
			return false
		}
	}
	return true
}

// pathOf returns the path an expression denotes, if it is a variable, a
// field selection or an indirection of one (conversions are transparent).
func pathOf(info *types.Info, e ast.Expr) (path, bool) {
	orig := e
	e = stripConv(info, e)
	switch x := e.(type) {
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			v, ok = info.Defs[x].(*types.Var)
		}
		if !ok || v.IsField() || x.Name == "_" {
			return path{}, false
		}
		return path{root: v, expr: orig}, true
	case *ast.IndexExpr:
		// An element of a map, slice or array: all elements share one
		// step, "[]" (used for where a copy comes from, never to tell two
		// elements apart).
		switch t := info.TypeOf(x.X); {
		case t == nil:
			return path{}, false
		default:
			switch u := t.Underlying().(type) {
			case *types.Map, *types.Slice, *types.Array:
			case *types.Pointer:
				if _, ok := u.Elem().Underlying().(*types.Array); !ok {
					return path{}, false
				}
			default:
				return path{}, false
			}
		}
		p, ok := pathOf(info, x.X)
		if !ok {
			return path{}, false
		}
		p.steps = append(append([]string(nil), p.steps...), "[]")
		p.field = nil
		p.expr = orig
		return p, true
	case *ast.StarExpr:
		p, ok := pathOf(info, x.X)
		if !ok {
			return path{}, false
		}
		p.steps = append(append([]string(nil), p.steps...), "*")
		p.field = nil
		p.expr = orig
		return p, true
	case *ast.SelectorExpr:
		sel := info.Selections[x]
		if sel == nil {
			// A qualified identifier: pkg.Var.
			if v, ok := info.Uses[x.Sel].(*types.Var); ok && !v.IsField() {
				return path{root: v, expr: orig}, true
			}
			return path{}, false
		}
		if sel.Kind() != types.FieldVal {
			return path{}, false
		}
		p, ok := pathOf(info, x.X)
		if !ok {
			return path{}, false
		}
		steps := append([]string(nil), p.steps...)
		t := sel.Recv()
		var last *types.Var
		for _, i := range sel.Index() {
			if ptr, ok := t.Underlying().(*types.Pointer); ok {
				steps = append(steps, "*")
				t = ptr.Elem()
			}
			st, ok := t.Underlying().(*types.Struct)
			if !ok || i >= st.NumFields() {
				return path{}, false
			}
			last = st.Field(i)
			steps = append(steps, last.Name())
			t = last.Type()
		}
		return path{root: p.root, steps: steps, field: last, expr: orig}, true
	}
	return path{}, false
}
