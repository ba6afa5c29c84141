package mapconcurrent

// Which value a goroutine's field write belongs to, seen from the function
// that starts it (a parameter reached through a closure's captured
// variable, a fresh object the function keeps or lets escape), and which
// accesses of an exported method are ordered with the goroutine.

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/ssa"
)

// capturedParam resolves base, the root of a goroutine's access in the
// frame of fn (the function starting it), to a parameter of fn or of a
// function enclosing fn, when the goroutine reaches it through closures:
// go/ssa spills a captured parameter into a variable (t0 = local *T (s);
// *t0 = s) that closures share by reference, and a closure nested in fn
// sees that variable as a free variable. It reports the parameter's
// function and index, only when the variable holds nothing but the
// parameter (never reassigned, its address never taken elsewhere).
func capturedParam(base mapref.Path, fn *ssa.Function, depth int) (*ssa.Function, int, bool) {
	if depth > 8 || fn == nil {
		return nil, 0, false
	}
	switch base.Kind {
	case mapref.Local:
		alloc, ok := base.Value.(*ssa.Alloc)
		if !ok || len(base.Fields) > 0 {
			return nil, 0, false
		}
		owner := alloc.Parent()
		var param *ssa.Parameter
		for _, ref := range *alloc.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == alloc {
				p, ok := st.Val.(*ssa.Parameter)
				if !ok || param != nil || p.Parent() != owner {
					return nil, 0, false
				}
				param = p
			}
		}
		if param == nil || !onlyLoaded(alloc, 0) {
			return nil, 0, false
		}
		for i, p := range owner.Params {
			if p == param {
				return owner, i, true
			}
		}
	case mapref.FreeVar:
		outer := fn.Parent()
		if outer == nil {
			return nil, 0, false
		}
		refs := fn.Referrers() // an anonymous function's MakeClosure
		if refs == nil {
			return nil, 0, false
		}
		for _, instr := range *refs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || mc.Parent() != outer || base.Index >= len(mc.Bindings) {
				continue
			}
			switch v := mc.Bindings[base.Index].(type) {
			case *ssa.Alloc:
				return capturedParam(mapref.Path{Kind: mapref.Local, Value: v}, outer, depth+1)
			case *ssa.FreeVar:
				for i, fv := range outer.FreeVars {
					if fv == v {
						return capturedParam(mapref.Path{Kind: mapref.FreeVar, Index: i}, outer, depth+1)
					}
				}
			}
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// capturedFresh returns the fresh object (&T{}, new(T)) a variable holds
// when base is a variable (captured by the goroutine's closure) whose only
// store is that object, else nil.
func capturedFresh(base mapref.Path) *ssa.Alloc {
	v, ok := base.Value.(*ssa.Alloc)
	if base.Kind != mapref.Local || !ok || len(base.Fields) > 0 {
		return nil
	}
	var obj *ssa.Alloc
	for _, ref := range *v.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == v {
			o, ok := st.Val.(*ssa.Alloc)
			if !ok || obj != nil {
				return nil
			}
			obj = o
		}
	}
	if obj == nil || !onlyLoaded(v, 0) {
		return nil
	}
	if _, ok := obj.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct); !ok {
		return nil
	}
	return obj
}

// escapes reports whether obj, a value of the function starting r, may
// reach code other than that function and r's goroutine: returned, stored
// anywhere but a local variable the function only loads, passed to a call
// or another goroutine, captured by another closure, converted. Values not
// made fresh in the function (parameters, call results) count as escaping:
// others may hold them already.
func escapes(obj ssa.Value, r *goroutines.Root) bool {
	alloc, ok := obj.(*ssa.Alloc)
	if !ok {
		return true
	}
	if _, ok := alloc.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct); !ok {
		return true
	}
	isRoot := func(instr ssa.Instruction) bool {
		if instr == r.Site {
			return true
		}
		mc, ok := instr.(*ssa.MakeClosure)
		return ok && mc.Fn == r.Fn
	}
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{alloc}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, ref := range *refs {
			switch ref := ref.(type) {
			case *ssa.FieldAddr, *ssa.Field, *ssa.DebugRef:
			case *ssa.UnOp:
				// A load of a variable holding the object is the object;
				// a load of the object itself copies the struct.
				if ref.Op != token.MUL {
					return true
				}
				if v != ssa.Value(alloc) {
					work = append(work, ref)
				}
			case *ssa.Store:
				if ref.Val != v {
					continue // a store into the variable or the object
				}
				vr, ok := ref.Addr.(*ssa.Alloc)
				if !ok || vr == alloc {
					return true
				}
				// The object kept in a local variable: follow the
				// variable's uses.
				work = append(work, vr)
			case *ssa.MakeClosure:
				if !isRoot(ref) {
					return true
				}
			default:
				if !isRoot(ref) {
					return true
				}
			}
		}
	}
	return false
}

// onlyLoaded reports whether the variable v (an Alloc, or a closure's free
// variable bound to it) is only loaded, handed to closures that only load
// it, and stored by the store the caller has checked (Store referrers of an
// Alloc are checked by the caller; a store through a free variable
// reassigns the variable and fails).
func onlyLoaded(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	_, isAlloc := v.(*ssa.Alloc)
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.Store:
			if !isAlloc || ref.Addr != v {
				return false
			}
		case *ssa.MakeClosure:
			cl, ok := ref.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range ref.Bindings {
				if b == v && (i >= len(cl.FreeVars) || !onlyLoaded(cl.FreeVars[i], depth+1)) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

// beforeJoin returns the positions of q's accesses that some path from q's
// entry reaches without passing a join (a Wait call, a channel receive):
// an access that only runs after q waited (Stop: close(s.quit);
// s.wg.Wait(); read s.peers) is ordered after the goroutines it waited
// for.
func (c *checker) beforeJoin(q *ssa.Function) map[token.Pos]bool {
	if m, ok := c.prejoin[q]; ok {
		return m
	}
	m := make(map[token.Pos]bool)
	goroutines.BeforeWait(q, c.joins.Is, func(instr ssa.Instruction) bool {
		for _, a := range c.res.At(instr) {
			m[a.Pos] = true
		}
		return true
	})
	c.prejoin[q] = m
	return m
}

// documentedBefore reports whether q's doc comment says it runs before
// top, the function that starts the goroutine: "AddPeer must be called
// before Start".
func (c *checker) documentedBefore(q, top *ssa.Function) bool {
	decl, ok := q.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil || top == nil || top.Parent() != nil {
		return false
	}
	doc := strings.Join(strings.Fields(decl.Doc.Text()), " ")
	re, ok := c.beforeRe[top.Name()]
	if !ok {
		re = regexp.MustCompile(`(?i)\bbefore (calling |the first call (of|to) )?(\w+\.)?` + regexp.QuoteMeta(top.Name()) + `\b`)
		c.beforeRe[top.Name()] = re
	}
	return re.MatchString(doc)
}
