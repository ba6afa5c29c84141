package lockset

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Kind is the mode in which a lock is held.
type Kind uint8

const (
	// Shared is a read lock (RWMutex.RLock, TryRLock, RLocker().Lock).
	Shared Kind = 1
	// Exclusive is a write lock (Mutex.Lock, RWMutex.Lock, TryLock,
	// sync.Locker.Lock).
	Exclusive Kind = 2
)

func (k Kind) String() string {
	switch k {
	case Shared:
		return "read-locked"
	case Exclusive:
		return "locked"
	}
	return "unlocked"
}

// Key is the identity of a mutex inside one function and the closures it
// creates: the SSA value the access path starts from (a *ssa.Parameter, a
// *ssa.Global, an *ssa.Alloc, a call result, ...) and the dotted field path
// from it ("mu", "state.mu", "Mutex" for an embedded sync.Mutex, "" for the
// value itself). Free variables of closures are resolved to the value bound
// in the enclosing function, so a closure that locks a captured mutex uses
// the same Key as its parent.
type Key struct {
	Root ssa.Value
	Path string
}

// Lock describes a mutex as the source refers to it.
type Lock struct {
	Key
	// Name is the source expression for messages: "c.mu", "mu", "s.state.mu".
	Name string
	// Type is the type-level (cross-function) identity, or "" when the
	// mutex has none (a local, a mutex parameter): for a field path it is
	// the innermost struct type and field, "(example.com/p.T).mu", so two
	// methods of T lock "the same" mutex; for a package variable it is
	// "example.com/p.mu" (plus any field path).
	Type string
}

// Same reports whether a and b may denote the same mutex: the same Key, or
// the same non-empty type-level identity (two methods of one type locking
// their receiver's mu; this is the usual approximation that distinct
// instances are distinguished only within one function).
func Same(a, b Lock) bool {
	if a.Key == b.Key {
		return true
	}
	return a.Type != "" && a.Type == b.Type
}

// mutexKind classifies t as a mutex type: sync.Mutex or sync.RWMutex
// (rw=true). Pointers are not mutexes.
func mutexKind(t types.Type) (ok, rw bool) {
	n, isNamed := types.Unalias(t).(*types.Named)
	if !isNamed || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false, false
	}
	switch n.Obj().Name() {
	case "Mutex":
		return true, false
	case "RWMutex":
		return true, true
	}
	return false, false
}

// IsMutex reports whether t is sync.Mutex, sync.RWMutex or a pointer to one.
func IsMutex(t types.Type) bool {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	ok, _ := mutexKind(t)
	return ok
}

// structOf returns the struct type (and its named type, if any) of a value
// of type t or *t.
func structOf(t types.Type, deref bool) (*types.Struct, *types.Named) {
	t = types.Unalias(t)
	if deref {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return nil, nil
		}
		t = types.Unalias(p.Elem())
	}
	if _, isTP := t.(*types.TypeParam); isTP {
		return nil, nil
	}
	named, _ := t.(*types.Named)
	st, _ := t.Underlying().(*types.Struct)
	if named != nil {
		named = named.Origin()
	}
	return st, named
}

func typeName(n *types.Named) string {
	if n == nil {
		return ""
	}
	if n.Obj().Pkg() == nil {
		return n.Obj().Name()
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// resolver turns SSA values into lock identities. It needs the closure
// creation sites of the package to resolve free variables.
type resolver struct {
	closures map[*ssa.Function]*ssa.MakeClosure
}

type resolved struct {
	root     ssa.Value
	path     []string
	owner    *types.Named // innermost struct type owning the last field
	rootName string
}

// resolveAddr resolves a value (typically the address of a mutex, or a
// pointer to a struct) to root + field path.
func (r *resolver) resolveAddr(v ssa.Value) (resolved, bool) {
	var rev []string // field names, innermost first
	var owner *types.Named
	suffix := "" // embedded mutex field of a struct converted to sync.Locker
	// varName is the source variable the root was reached through (p in
	// p := &T{}; go func() { p.mu.Lock() }()): the root itself is then a
	// "complit" allocation, which means nothing in a message.
	varName := ""
	for depth := 0; depth < 32; depth++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			st, named := structOf(x.X.Type(), true)
			if st == nil || x.Field >= st.NumFields() {
				return resolved{}, false
			}
			rev = append(rev, st.Field(x.Field).Name())
			if owner == nil {
				owner = named
			}
			v = x.X
			continue
		case *ssa.Field:
			st, named := structOf(x.X.Type(), false)
			if st == nil || x.Field >= st.NumFields() {
				return resolved{}, false
			}
			rev = append(rev, st.Field(x.Field).Name())
			if owner == nil {
				owner = named
			}
			v = x.X
			continue
		case *ssa.UnOp:
			// A load through a pointer field (s.state.mu with state *State)
			// is transparent; a load from a global or a captured local
			// denotes the variable itself.
			if x.Op == token.MUL {
				if fv, ok := x.X.(*ssa.FreeVar); ok && varName == "" {
					varName = fv.Name()
				}
				v = r.freeVarBinding(x.X)
				// A variable captured by a closure lives in an Alloc; when
				// it is assigned once (a receiver or parameter spilled
				// because a closure captures it), its loads denote the
				// assigned value, so c.mu is the same lock whether c is
				// captured or not.
				if alloc, ok := v.(*ssa.Alloc); ok {
					if stored := singleStore(alloc); stored != nil {
						if varName == "" && alloc.Comment != "" {
							varName = alloc.Comment
						}
						v = stored
					}
				}
				continue
			}
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			// A *T whose Lock method is promoted from an embedded mutex,
			// converted to sync.Locker, denotes that embedded field.
			if len(rev) == 0 && suffix == "" {
				if st, named := structOf(x.X.Type(), true); st != nil {
					for i := 0; i < st.NumFields(); i++ {
						if f := st.Field(i); f.Embedded() && IsMutex(f.Type()) {
							suffix, owner = f.Name(), named
							break
						}
					}
				}
			}
			v = x.X
			continue
		case *ssa.FreeVar:
			if varName == "" {
				varName = x.Name()
			}
			fn := x.Parent()
			mc := r.closures[fn]
			if mc == nil {
				break
			}
			idx := -1
			for i, fv := range fn.FreeVars {
				if fv == x {
					idx = i
				}
			}
			if idx < 0 || idx >= len(mc.Bindings) {
				break
			}
			v = mc.Bindings[idx]
			continue
		}
		break
	}
	if v == nil {
		return resolved{}, false
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if suffix != "" {
		rev = append(rev, suffix)
	}
	res := resolved{root: v, path: rev, owner: owner, rootName: valueName(v)}
	if varName != "" && !isNamedValue(v) {
		res.rootName = varName
	}
	return res, true
}

// isNamedValue reports whether valueName(v) is a source name (a parameter,
// a package variable, a free variable, a named local).
func isNamedValue(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.Parameter, *ssa.Global, *ssa.FreeVar:
		return true
	case *ssa.Alloc:
		return x.Comment != "" && x.Comment != "complit" && x.Comment != "new" && x.Comment != "slicelit" && x.Comment != "varargs"
	}
	return false
}

func valueName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Parameter:
		return x.Name()
	case *ssa.Global:
		return x.Name()
	case *ssa.Alloc:
		if x.Comment != "" {
			return x.Comment
		}
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.Call:
		if callee := x.Call.StaticCallee(); callee != nil {
			return callee.Name() + "()"
		}
		if x.Call.Method != nil {
			return x.Call.Method.Name() + "()"
		}
		return "(call)"
	case *ssa.Const:
		return "nil"
	}
	// Loads of fields and slice elements read back as source text
	// (r.buckets[i]); any other SSA temporary (t12) means nothing to a
	// reader: name its type.
	if name, ok := exprName(v, 0); ok {
		return name
	}
	return "(" + types.TypeString(v.Type(), func(p *types.Package) string { return p.Name() }) + ")"
}

// exprName renders loads of fields and slice/array elements, and their
// addresses, as the source expression they came from: *FieldAddr(x, f) is
// x.f, IndexAddr(s, i) is s[i]. It fails on anything else.
func exprName(v ssa.Value, depth int) (string, bool) {
	if depth > 6 {
		return "", false
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return exprName(x.X, depth+1)
		}
	case *ssa.FieldAddr:
		t := x.X.Type().Underlying()
		if ptr, ok := t.(*types.Pointer); ok {
			t = ptr.Elem().Underlying()
		}
		st, ok := t.(*types.Struct)
		if !ok || x.Field >= st.NumFields() {
			return "", false
		}
		base := valueNameAt(x.X, depth+1)
		if base == "" {
			return "", false
		}
		return base + "." + st.Field(x.Field).Name(), true
	case *ssa.IndexAddr:
		base := valueNameAt(x.X, depth+1)
		if base == "" {
			return "", false
		}
		return base + "[" + indexName(x.Index) + "]", true
	}
	return "", false
}

// valueNameAt names v for exprName: a named value, or a nested expression.
func valueNameAt(v ssa.Value, depth int) string {
	switch v.(type) {
	case *ssa.Parameter, *ssa.Global, *ssa.FreeVar:
		return valueName(v)
	case *ssa.Alloc:
		if a := v.(*ssa.Alloc); a.Comment != "" {
			return a.Comment
		}
	}
	if name, ok := exprName(v, depth); ok {
		return name
	}
	return ""
}

// indexName names an index operand: a constant, a named value, or "…".
func indexName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Const:
		return x.Value.String()
	case *ssa.Parameter:
		return x.Name()
	case *ssa.Phi:
		if x.Comment != "" {
			return x.Comment
		}
	}
	return "…"
}

// lockFor builds a Lock from a resolved mutex address.
func lockFor(res resolved) Lock {
	l := Lock{Key: Key{Root: res.root, Path: strings.Join(res.path, ".")}}
	l.Name = res.rootName
	if l.Path != "" {
		l.Name += "." + l.Path
	}
	if g, ok := res.root.(*ssa.Global); ok {
		pkg := ""
		if g.Pkg != nil {
			pkg = g.Pkg.Pkg.Path() + "."
		}
		l.Type = pkg + g.Name()
		if l.Path != "" {
			l.Type += "." + l.Path
		}
		return l
	}
	if len(res.path) > 0 && res.owner != nil {
		l.Type = "(" + typeName(res.owner) + ")." + res.path[len(res.path)-1]
	}
	return l
}

// ResolveLock returns the Lock denoted by v, the address of (or an
// interface holding) a mutex, in function fn's terms.
func (r *Result) ResolveLock(v ssa.Value) (Lock, bool) {
	res, ok := r.res.resolveAddr(v)
	if !ok {
		return Lock{}, false
	}
	return lockFor(res), true
}

// Base returns the root value and field path of an address or struct value
// v (e.g. the map field operand &c.items resolves to root c and path
// "items"), resolving closure free variables and loads through pointer
// fields the same way locks are resolved. Checks use it to relate a field
// access to the locks held (c.items is guarded by c.mu: same root, sibling
// path).
func (r *Result) Base(v ssa.Value) (root ssa.Value, path []string, ok bool) {
	res, ok := r.res.resolveAddr(v)
	if !ok {
		return nil, nil, false
	}
	return res.root, res.path, true
}

// Sibling returns the Lock for the mutex at field path mutexPath (dotted,
// relative to the struct holding a guarded field) given the base of a field
// access: root and the path of the guarded field. For c.items (root c, path
// ["items"]) and mutexPath "mu" it is c.mu; for s.state.items it is
// s.state.mu.
func Sibling(root ssa.Value, fieldPath []string, mutexPath string) Key {
	p := ""
	if len(fieldPath) > 1 {
		p = strings.Join(fieldPath[:len(fieldPath)-1], ".") + "."
	}
	return Key{Root: root, Path: p + mutexPath}
}

// freeVarBinding follows closure free variables to the values bound by
// their creators.
func (r *resolver) freeVarBinding(v ssa.Value) ssa.Value {
	for depth := 0; depth < 16; depth++ {
		fv, ok := v.(*ssa.FreeVar)
		if !ok {
			return v
		}
		fn := fv.Parent()
		mc := r.closures[fn]
		if mc == nil {
			return v
		}
		idx := -1
		for i, x := range fn.FreeVars {
			if x == fv {
				idx = i
			}
		}
		if idx < 0 || idx >= len(mc.Bindings) {
			return v
		}
		v = mc.Bindings[idx]
	}
	return v
}

// singleStore returns the value stored into alloc when it is stored
// exactly once and otherwise only loaded or captured.
func singleStore(alloc *ssa.Alloc) ssa.Value {
	refs := alloc.Referrers()
	if refs == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *refs {
		switch u := r.(type) {
		case *ssa.Store:
			if u.Addr != alloc || val != nil {
				return nil
			}
			val = u.Val
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return val
}
