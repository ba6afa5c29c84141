// Package mapref names the storage an SSA value denotes, so that two map
// accesses (or two lock operations) in the same or in different functions can
// be compared.
//
// A Path is a root followed by up to MaxFields struct fields:
//
//	Global   a package-level variable, named "pkgpath.Name"
//	Param    parameter i of the function being analysed (the receiver is 0)
//	FreeVar  free variable i of a closure (substituted at its MakeClosure)
//	Local    a value or variable of the function itself: the *ssa.Alloc of a
//	         captured or address-taken variable, or the SSA value itself
//	         (make(map...), a call result, ...)
//
// followed by fields named "pkgpath.Type.field" (FieldKey). So `s.cache`
// in a method with receiver s is Param0.(pkg.S.cache), a package variable
// `registry` is Global(pkg.registry), and a local map captured by closures is
// Local(the make instruction or the Alloc of the variable).
//
// Paths of Param, FreeVar and Global roots are what a function's callers can
// see; Subst rewrites them into the caller's frame at a call, a go statement
// or a closure creation. Local roots never leave their function except by
// substitution into a caller's frame (they then compare by SSA value identity,
// which is exact inside one package's SSA).
//
// Two entry points: Of(v) for a map (or any reference) value, and OfAddr(p)
// for an address (the operand of Lock/Unlock: &s.mu, &mu). Values the package
// cannot name (interface calls, map/slice elements, channel receives) yield
// the zero Path, whose Valid method reports false; callers stay silent on them.
//
// guardedmap and mapalias reuse this package; it has no analyzer and no state.
package mapref

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// MaxFields bounds the field chain of a Path.
const MaxFields = 4

// RootKind says what a Path starts from.
type RootKind uint8

const (
	Invalid RootKind = iota
	Global
	Param
	FreeVar
	Local
)

// Path names a storage location (a variable or a field chain below one).
type Path struct {
	Kind   RootKind
	Index  int       // Param or FreeVar index
	Name   string    // Global: "pkgpath.Name"
	Value  ssa.Value // Local: the root value (not serialisable; never in facts)
	Fields []string  // FieldKey of each field, outermost first
}

// Valid reports whether p names something.
func (p Path) Valid() bool { return p.Kind != Invalid }

// Key is a string that is equal for equal paths inside one analysis (Local
// roots compare by SSA value identity).
func (p Path) Key() string {
	if p.Kind == Local && valueAddr(p.Value) == 0 {
		return keyFmt(p) // fmt's rendering of a nil value
	}
	n := 24
	for _, f := range p.Fields {
		n += 1 + len(f)
	}
	return string(p.AppendKey(make([]byte, 0, n+len(p.Name))))
}

// AppendKey appends p.Key() to b (without the intermediate string).
func (p Path) AppendKey(b []byte) []byte {
	switch p.Kind {
	case Global:
		b = append(b, "G:"...)
		b = append(b, p.Name...)
	case Param:
		b = append(b, 'P')
		b = strconv.AppendInt(b, int64(p.Index), 10)
	case FreeVar:
		b = append(b, 'F')
		b = strconv.AppendInt(b, int64(p.Index), 10)
	case Local:
		if valueAddr(p.Value) == 0 {
			return append(b, keyFmt(p)...)
		}
		// As fmt's %p of the value: "0x" and the address in hex.
		b = append(b, "L0x"...)
		b = strconv.AppendUint(b, uint64(valueAddr(p.Value)), 16)
	default:
		return append(b, '?')
	}
	for _, f := range p.Fields {
		b = append(b, '|')
		b = append(b, f...)
	}
	return b
}

// keyFmt is Key as fmt renders it (the reference for Key's fast path).
func keyFmt(p Path) string {
	var b strings.Builder
	switch p.Kind {
	case Global:
		b.WriteString("G:" + p.Name)
	case Param:
		fmt.Fprintf(&b, "P%d", p.Index)
	case FreeVar:
		fmt.Fprintf(&b, "F%d", p.Index)
	case Local:
		fmt.Fprintf(&b, "L%p", p.Value)
	default:
		return "?"
	}
	for _, f := range p.Fields {
		b.WriteString("|" + f)
	}
	return b.String()
}

// valueAddr is the address fmt's %p prints for v (0 for nil).
func valueAddr(v ssa.Value) uintptr {
	if v == nil {
		return 0
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer {
		return 0
	}
	return rv.Pointer()
}

// Same reports whether p and q name the same storage: Key(p) == Key(q),
// without building the keys.
func (p Path) Same(q Path) bool {
	known := func(k RootKind) bool { return k >= Global && k <= Local }
	if !known(p.Kind) || !known(q.Kind) {
		return known(p.Kind) == known(q.Kind) // both "?"
	}
	if p.Kind != q.Kind {
		return false
	}
	switch p.Kind {
	case Global:
		if p.Name != q.Name {
			return false
		}
	case Param, FreeVar:
		if p.Index != q.Index {
			return false
		}
	case Local:
		if valueAddr(p.Value) != valueAddr(q.Value) || (p.Value == nil) != (q.Value == nil) {
			return false
		}
	}
	if len(p.Fields) != len(q.Fields) {
		return false
	}
	for i := range p.Fields {
		if p.Fields[i] != q.Fields[i] {
			return false
		}
	}
	return true
}

// Field returns p extended by one field, or the invalid Path if p is invalid
// or already MaxFields deep.
func (p Path) Field(key string) Path {
	if !p.Valid() || len(p.Fields) >= MaxFields {
		return Path{}
	}
	q := p
	q.Fields = append(append([]string(nil), p.Fields...), key)
	return q
}

// LastField returns the innermost field key, or "".
func (p Path) LastField() string {
	if len(p.Fields) == 0 {
		return ""
	}
	return p.Fields[len(p.Fields)-1]
}

// Escapes reports whether p is visible outside its function (its root is a
// parameter, a free variable or a package variable).
func (p Path) Escapes() bool { return p.Kind == Global || p.Kind == Param || p.Kind == FreeVar }

// FieldKey names a struct field as "pkgpath.Type.field"; fields of unnamed
// struct types use the struct's type string.
func FieldKey(structType types.Type, index int) string {
	t := types.Unalias(structType)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || index < 0 || index >= st.NumFields() {
		return fmt.Sprintf("?%d", index)
	}
	f := st.Field(index)
	if n, ok := t.(*types.Named); ok {
		obj := n.Origin().Obj()
		if obj.Pkg() != nil {
			return obj.Pkg().Path() + "." + obj.Name() + "." + f.Name()
		}
		return obj.Name() + "." + f.Name()
	}
	return types.TypeString(st, nil) + "." + f.Name()
}

// GlobalName is the Path name of a package-level variable.
func GlobalName(g *ssa.Global) string {
	if g.Pkg != nil && g.Pkg.Pkg != nil {
		return g.Pkg.Pkg.Path() + "." + g.Name()
	}
	return g.Name()
}

// Of returns the path of the storage a reference value v was loaded from, or
// v itself as a Local root when it was made here.
func Of(v ssa.Value) Path { return of(v, 0) }

// OfAddr returns the path of the variable or field an address denotes.
func OfAddr(v ssa.Value) Path { return ofAddr(v, 0) }

const maxDepth = 16

func of(v ssa.Value, depth int) Path {
	if depth > maxDepth || v == nil {
		return Path{}
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		fn := v.Parent()
		for i, p := range fn.Params {
			if p == v {
				return Path{Kind: Param, Index: i}
			}
		}
	case *ssa.FreeVar:
		fn := v.Parent()
		for i, p := range fn.FreeVars {
			if p == v {
				return Path{Kind: FreeVar, Index: i}
			}
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return ofAddr(v.X, depth+1)
		}
	case *ssa.Field:
		return of(v.X, depth+1).Field(FieldKey(v.X.Type(), v.Field))
	case *ssa.ChangeType:
		return of(v.X, depth+1)
	case *ssa.Convert:
		return of(v.X, depth+1)
	case *ssa.MakeInterface:
		return of(v.X, depth+1)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return of(v.X, depth+1)
		}
	case *ssa.Phi:
		return phi(v, depth, of)
	case *ssa.MakeMap, *ssa.Call, *ssa.Alloc, *ssa.MakeClosure, *ssa.MakeChan, *ssa.Slice, *ssa.MakeSlice:
		return Path{Kind: Local, Value: v}
	case *ssa.Global:
		// A global used as a value is its address.
		return Path{Kind: Local, Value: v}
	}
	return Path{}
}

func ofAddr(v ssa.Value, depth int) Path {
	if depth > maxDepth || v == nil {
		return Path{}
	}
	switch v := v.(type) {
	case *ssa.Global:
		return Path{Kind: Global, Name: GlobalName(v)}
	case *ssa.Alloc:
		return Path{Kind: Local, Value: v}
	case *ssa.FieldAddr:
		return of(v.X, depth+1).Field(FieldKey(v.X.Type(), v.Field))
	case *ssa.Phi:
		return phi(v, depth, ofAddr)
	case *ssa.ChangeType:
		return ofAddr(v.X, depth+1)
	}
	// A pointer parameter, free variable or loaded pointer: the pointee is
	// named by the pointer's own path (*p is the same storage for equal p).
	return of(v, depth+1)
}

func phi(v *ssa.Phi, depth int, f func(ssa.Value, int) Path) Path {
	var out Path
	for i, e := range v.Edges {
		if e == v {
			continue
		}
		p := f(e, depth+1)
		if !p.Valid() {
			return Path{}
		}
		if i == 0 || !out.Valid() {
			out = p
		} else if !out.Same(p) {
			return Path{}
		}
	}
	return out
}

// Frame maps the roots of a callee onto the caller's frame: its parameters
// onto the call's arguments, its free variables onto the closure's bindings.
type Frame struct {
	Params   []Path
	FreeVars []Path
}

// Subst rewrites p from a callee's frame into the caller's, using f. Global
// roots are unchanged; Local roots of the callee cannot be rewritten and yield
// the invalid Path (they are confined to the callee).
func (f Frame) Subst(p Path) Path {
	var base Path
	switch p.Kind {
	case Global:
		return p
	case Param:
		if p.Index >= len(f.Params) {
			return Path{}
		}
		base = f.Params[p.Index]
	case FreeVar:
		if p.Index >= len(f.FreeVars) {
			return Path{}
		}
		base = f.FreeVars[p.Index]
	default:
		return Path{}
	}
	if !base.Valid() {
		return Path{}
	}
	for _, fk := range p.Fields {
		base = base.Field(fk)
	}
	return base
}

// CallFrame builds the Frame of a call or go statement: parameters are the
// arguments (the receiver first for method calls), free variables the
// bindings of the MakeClosure the callee value comes from, if any.
func CallFrame(c *ssa.CallCommon) Frame {
	var fr Frame
	if c.IsInvoke() {
		fr.Params = append(fr.Params, Of(c.Value))
	}
	for _, a := range c.Args {
		fr.Params = append(fr.Params, Of(a))
	}
	if mc, ok := c.Value.(*ssa.MakeClosure); ok {
		fr.FreeVars = ClosureFrame(mc).FreeVars
	}
	return fr
}

// ClosureFrame returns the frame of a closure value: its free variables are
// the MakeClosure's bindings. For a bound method value (x.M used as a
// value), the single binding is the receiver, parameter 0 of the method.
func ClosureFrame(mc *ssa.MakeClosure) Frame {
	var fr Frame
	for _, b := range mc.Bindings {
		p := Of(b)
		if !p.Valid() {
			p = Path{Kind: Local, Value: b}
		}
		fr.FreeVars = append(fr.FreeVars, p)
	}
	return fr
}

// Describe renders p for messages, using source names where it can: the
// variable, then ".field" for each field.
func Describe(p Path, fn *ssa.Function) string {
	var b strings.Builder
	switch p.Kind {
	case Global:
		name := p.Name
		if i := strings.LastIndex(name, "."); i >= 0 && !strings.Contains(name[i:], "/") {
			name = name[i+1:]
		}
		b.WriteString(name)
	case Param:
		if fn != nil && p.Index < len(fn.Params) {
			b.WriteString(fn.Params[p.Index].Name())
		} else {
			fmt.Fprintf(&b, "parameter %d", p.Index)
		}
	case FreeVar:
		if fn != nil && p.Index < len(fn.FreeVars) {
			b.WriteString(fn.FreeVars[p.Index].Name())
		} else {
			fmt.Fprintf(&b, "captured variable %d", p.Index)
		}
	case Local:
		b.WriteString(localName(p.Value))
	default:
		return "map"
	}
	for _, f := range p.Fields {
		if i := strings.LastIndex(f, "."); i >= 0 {
			f = f[i+1:]
		}
		b.WriteString("." + f)
	}
	return b.String()
}

func localName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.Global:
		return v.Name()
	}
	// Without debug info an SSA value has no name: borrow the name of a
	// variable it is stored in or of a closure's free variable bound to it.
	if refs := v.Referrers(); refs != nil {
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if a, ok := r.Addr.(*ssa.Alloc); ok && r.Val == v && a.Comment != "" {
					return a.Comment
				}
			case *ssa.MakeClosure:
				fn := r.Fn.(*ssa.Function)
				for i, b := range r.Bindings {
					if b == v && i < len(fn.FreeVars) {
						return fn.FreeVars[i].Name()
					}
				}
			}
		}
	}
	return "map"
}
