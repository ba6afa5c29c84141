package mapvalue

import (
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/mapguard/mapguard/internal/provenance"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The flow engine.
//
// A tree is a set of maps, slices and interface values that hold each
// other: a decoded document, a map and the values stored in it, a
// variable and what it holds. Every SSA value known to belong to a tree is
// a node of it. Trees are merged (union-find) when values flow together
// (phi, a map stored into another, a callee's result), which only adds
// possible types and so only silences.
//
// A tree knows the decoders that filled it, the dynamic types stored into
// it (with the nesting level of the store), and whether it lost track:
// unknown (some content came from where we cannot see: a parameter, an
// untracked value) or unknownStore (something of unknown type was stored,
// or the contents reached code that may store). Assertions are only judged
// on trees that lost nothing.

type kind int

const (
	kVal   kind = iota // the value itself, at a nesting depth
	kAddr              // the address of a root variable (its content is depth 0)
	kElem              // the address of an element of a slice at a depth
	kTuple             // a comma-ok Lookup/TypeAssert (value at index 0) or a Next (value at index 2)
)

type node struct {
	t     *tree
	kind  kind
	depth int
}

type decUse struct {
	dec   *provenance.Decoder
	on    []*provenance.Option
	maybe []*provenance.Option
	pos   token.Pos
	call  string // "Unmarshal", "Decoder.Decode"
	// via is set for trees imported from a returnsFact: the callee's
	// name and the decoder call's file:line in its package.
	via, where string
}

type storeRec struct {
	p     possible
	level int
	pos   token.Pos
	via   string // callee name for imported stores
}

type tree struct {
	parent       *tree
	decs         []*decUse
	stores       []*storeRec
	storeKeys    map[string]bool
	unknown      bool // content from an untracked source
	unknownStore bool // something untracked may have been stored
	mutated      bool // something was stored (for writesFact)
	shared       bool // an unexported field or package variable
	ptrParam     bool // holds a pointer parameter: the caller's variable
}

// localField is a field of a local struct variable (an Alloc whose
// address goes nowhere but field selections, loads and decoder calls).
type localField struct {
	alloc *ssa.Alloc
	field int
}

type resKey struct {
	v   ssa.Value
	idx int
}

type state struct {
	pass      *analysis.Pass
	pkg       *ssa.Package
	funcs     []*ssa.Function
	inPkg     map[*ssa.Function]bool
	nodes     map[ssa.Value]node
	callRes   map[resKey]node
	imported  map[resKey]*tree
	fields    map[*types.Var]*tree
	locals    map[localField]*tree
	res       *resolver
	int32     bool
	changed   bool
	converged bool
	// Memoised answers that depend only on the SSA and the types, which
	// solve asks again in every round.
	plain   map[types.Type]bool // plainTarget(t, 0)
	custom  map[types.Type]bool // hasUnmarshaler(t)
	escapes map[*ssa.Alloc]bool // structAlloc's escape test
}

func newState(pass *analysis.Pass, pkg *ssa.Package, funcs []*ssa.Function) *state {
	s := &state{
		pass:     pass,
		pkg:      pkg,
		funcs:    funcs,
		inPkg:    make(map[*ssa.Function]bool),
		nodes:    make(map[ssa.Value]node),
		callRes:  make(map[resKey]node),
		imported: make(map[resKey]*tree),
		fields:   make(map[*types.Var]*tree),
		locals:   make(map[localField]*tree),
		res:      newResolver(pass.Pkg),
		plain:    make(map[types.Type]bool),
		custom:   make(map[types.Type]bool),
		escapes:  make(map[*ssa.Alloc]bool),
	}
	if pass.TypesSizes != nil {
		s.int32 = pass.TypesSizes.Sizeof(types.Typ[types.Int]) == 4
	}
	for _, fn := range funcs {
		s.inPkg[fn] = true
	}
	return s
}

func find(t *tree) *tree {
	for t.parent != nil {
		if t.parent.parent != nil {
			t.parent = t.parent.parent
		}
		t = t.parent
	}
	return t
}

func (s *state) union(a, b *tree) *tree {
	a, b = find(a), find(b)
	if a == b {
		return a
	}
	if len(b.stores)+len(b.decs) > len(a.stores)+len(a.decs) {
		a, b = b, a
	}
	b.parent = a
	a.decs = append(a.decs, b.decs...)
	for _, st := range b.stores {
		s.addStore(a, st)
	}
	a.unknown = a.unknown || b.unknown
	a.unknownStore = a.unknownStore || b.unknownStore
	a.mutated = a.mutated || b.mutated
	a.shared = a.shared || b.shared
	a.ptrParam = a.ptrParam || b.ptrParam
	s.changed = true
	return a
}

func (s *state) addStore(t *tree, st *storeRec) {
	t = find(t)
	key := st.p.String() + "@" + itoa(st.level)
	if st.p.typ != nil {
		key = types.TypeString(st.p.typ, nil) + "@" + itoa(st.level)
	}
	if t.storeKeys == nil {
		t.storeKeys = make(map[string]bool)
	}
	if t.storeKeys[key] {
		return
	}
	t.storeKeys[key] = true
	t.stores = append(t.stores, st)
	s.changed = true
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 && i >= 0 {
		return digits[i : i+1]
	}
	var b []byte
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		b = append([]byte{digits[i%10]}, b...)
		i /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

func (s *state) lose(t *tree) {
	t = find(t)
	if !t.unknownStore || !t.mutated {
		t.unknownStore, t.mutated = true, true
		s.changed = true
	}
}

func (s *state) setUnknown(t *tree) {
	t = find(t)
	if !t.unknown {
		t.unknown = true
		s.changed = true
	}
}

func (s *state) setMutated(t *tree) {
	t = find(t)
	if !t.mutated {
		t.mutated = true
		s.changed = true
	}
}

func (s *state) node(v ssa.Value) (node, bool) {
	n, ok := s.nodes[v]
	if ok {
		n.t = find(n.t)
	}
	return n, ok
}

func (s *state) setNode(v ssa.Value, n node) {
	if old, ok := s.nodes[v]; ok {
		s.union(old.t, n.t)
		return
	}
	s.nodes[v] = n
	s.changed = true
}

// fieldTree returns the tree of an unexported struct field of this
// package whose type can hold maps, or nil.
func (s *state) fieldTree(f *types.Var) *tree {
	f = f.Origin()
	if f.Exported() || f.Pkg() != s.pass.Pkg || !interesting(f.Type()) {
		return nil
	}
	t := s.fields[f]
	if t == nil {
		t = &tree{shared: true}
		s.fields[f] = t
	}
	return t
}

// roots creates the trees that exist before any flow: parameters,
// variables, made maps and slices, package variables.
func (s *state) roots() {
	for _, m := range s.pkg.Members {
		if g, ok := m.(*ssa.Global); ok && g.Object() != nil && !g.Object().Exported() && interesting(g.Type().(*types.Pointer).Elem()) {
			s.nodes[g] = node{t: &tree{shared: true}, kind: kAddr}
		}
	}
	for _, fn := range s.funcs {
		for _, p := range fn.Params {
			if !interesting(p.Type()) {
				continue
			}
			t := &tree{unknown: true}
			k := kVal
			if _, ok := p.Type().Underlying().(*types.Pointer); ok {
				k, t.ptrParam = kAddr, true
			}
			s.nodes[p] = node{t: t, kind: k}
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Alloc:
					if interesting(in.Type().(*types.Pointer).Elem()) {
						s.nodes[in] = node{t: &tree{}, kind: kAddr}
					}
				case *ssa.MakeMap:
					s.nodes[in] = node{t: &tree{}, kind: kVal}
				case *ssa.MakeSlice:
					s.nodes[in] = node{t: &tree{}, kind: kVal}
				}
			}
		}
	}
}

const maxRounds = 60

func (s *state) solve() {
	s.roots()
	for round := 0; round < maxRounds; round++ {
		s.changed = false
		for _, fn := range s.funcs {
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					s.step(in)
				}
			}
		}
		if !s.changed {
			// Converged: now the values whose tracking was lost for good
			// (a phi mixing tracked and untracked values).
			s.lostPhis()
			if !s.changed {
				s.converged = true
				return
			}
		}
	}
}

func (s *state) lostPhis() {
	for _, fn := range s.funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				phi, ok := in.(*ssa.Phi)
				if !ok {
					break
				}
				if _, ok := s.node(phi); ok {
					continue
				}
				for _, e := range phi.Edges {
					if n, ok := s.node(e); ok {
						s.lose(n.t)
					}
				}
			}
		}
	}
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

func (s *state) step(in ssa.Instruction) {
	switch in := in.(type) {
	case *ssa.Alloc:
		s.structAlloc(in)
	case *ssa.FieldAddr:
		if t := s.fieldTree(s.fieldVar(in.X.Type(), in.Field)); t != nil {
			s.setNode(in, node{t: t, kind: kAddr})
		} else if a, ok := in.X.(*ssa.Alloc); ok {
			if t := s.localTree(a, in.Field); t != nil {
				s.setNode(in, node{t: t, kind: kAddr})
			}
		}
	case *ssa.Field:
		if t := s.fieldTree(s.fieldVar(in.X.Type(), in.Field)); t != nil {
			s.setNode(in, node{t: t, kind: kVal})
		} else if load, ok := in.X.(*ssa.UnOp); ok && load.Op == token.MUL {
			if a, ok := load.X.(*ssa.Alloc); ok {
				if t := s.localTree(a, in.Field); t != nil {
					s.setNode(in, node{t: t, kind: kVal})
				}
			}
		}
	case *ssa.UnOp:
		if in.Op != token.MUL {
			return
		}
		if n, ok := s.node(in.X); ok {
			switch n.kind {
			case kAddr:
				s.setNode(in, node{t: n.t, kind: kVal})
			case kElem:
				s.setNode(in, node{t: n.t, kind: kVal, depth: n.depth})
			}
		}
	case *ssa.Lookup:
		if _, isMap := coreType(in.X.Type()).(*types.Map); !isMap {
			return
		}
		if n, ok := s.node(in.X); ok && n.kind == kVal {
			k := kVal
			if in.CommaOk {
				k = kTuple
			}
			s.setNode(in, node{t: n.t, kind: k, depth: n.depth})
		}
	case *ssa.Range:
		if _, isMap := coreType(in.X.Type()).(*types.Map); !isMap {
			return
		}
		if n, ok := s.node(in.X); ok && n.kind == kVal {
			s.setNode(in, node{t: n.t, kind: kTuple, depth: n.depth})
		}
	case *ssa.Next:
		if n, ok := s.node(in.Iter); ok {
			s.setNode(in, node{t: n.t, kind: kTuple, depth: n.depth})
		}
	case *ssa.Extract:
		if n, ok := s.node(in.Tuple); ok && n.kind == kTuple {
			want := 0
			if _, isNext := in.Tuple.(*ssa.Next); isNext {
				want = 2
			}
			if in.Index == want {
				s.setNode(in, node{t: n.t, kind: kVal, depth: n.depth})
			}
		}
		if n, ok := s.callRes[resKey{in.Tuple, in.Index}]; ok {
			s.setNode(in, n)
		}
	case *ssa.TypeAssert:
		n, ok := s.node(in.X)
		if !ok || n.kind != kVal {
			return
		}
		depth := n.depth
		if !isInterface(in.AssertedType) {
			if !interesting(in.AssertedType) {
				return
			}
			depth++
		}
		k := kVal
		if in.CommaOk {
			k = kTuple
		}
		s.setNode(in, node{t: n.t, kind: k, depth: depth})
	case *ssa.IndexAddr:
		if _, isSlice := coreType(in.X.Type()).(*types.Slice); !isSlice {
			return
		}
		if n, ok := s.node(in.X); ok && n.kind == kVal {
			s.setNode(in, node{t: n.t, kind: kElem, depth: n.depth})
		}
	case *ssa.Slice:
		if n, ok := s.node(in.X); ok && n.kind == kVal {
			s.setNode(in, n)
		}
	case *ssa.ChangeType:
		if n, ok := s.node(in.X); ok {
			s.setNode(in, n)
		}
	case *ssa.ChangeInterface:
		if n, ok := s.node(in.X); ok {
			s.setNode(in, n)
		}
	case *ssa.Convert:
		if n, ok := s.node(in.X); ok {
			if interesting(in.Type()) {
				s.setNode(in, n)
			} else {
				s.lose(n.t)
			}
		}
	case *ssa.MakeInterface:
		s.makeInterface(in)
	case *ssa.MapUpdate:
		if n, ok := s.node(in.Map); ok && n.kind == kVal {
			mt, ok := coreType(in.Map.Type()).(*types.Map)
			if !ok {
				s.lose(n.t) // a map of type-parameter type: its values are anything
				return
			}
			s.storeInto(n.t, n.depth, in.Value, in.Pos(), mt.Elem(), false)
		}
	case *ssa.Store:
		if n, ok := s.node(in.Val); ok && n.kind == kAddr {
			// A variable's address stored anywhere, a local struct's
			// field included (ctx := Context{Value: &v}; exec(ctx)):
			// whoever loads it may write the variable.
			s.lose(n.t)
			return
		}
		if n, ok := s.node(in.Addr); ok && (n.kind == kAddr || n.kind == kElem) {
			elem := in.Addr.Type().Underlying().(*types.Pointer).Elem()
			// Storing into a variable rebinds it: the value it held
			// before is not written, unless the variable is the
			// caller's (a pointer parameter).
			rebind := n.kind == kAddr && !n.t.ptrParam
			s.storeInto(n.t, n.depth, in.Val, in.Pos(), elem, rebind)
		}
	case *ssa.Phi:
		s.phi(in)
	case *ssa.Call:
		s.call(in.Common(), in)
	case *ssa.Go:
		s.call(in.Common(), nil)
	case *ssa.Defer:
		s.call(in.Common(), nil)
	case *ssa.Return:
		for _, r := range in.Results {
			if n, ok := s.node(r); ok && n.t.shared {
				s.setUnknown(n.t) // callers may store into it
			}
		}
	case *ssa.MakeClosure:
		fn, ok := in.Fn.(*ssa.Function)
		if !ok {
			return
		}
		for i, b := range in.Bindings {
			if n, ok := s.node(b); ok && i < len(fn.FreeVars) {
				if s.inPkg[fn] {
					s.setNode(fn.FreeVars[i], n)
				} else {
					s.lose(n.t)
				}
			}
		}
	case *ssa.Send:
		if n, ok := s.node(in.X); ok && n.kind == kAddr {
			s.lose(n.t)
		}
	}
}

// fieldVar returns the i-th field of the struct that x (a struct or a
// pointer to one) has.
func (s *state) fieldVar(x types.Type, i int) *types.Var {
	t := x.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	st, ok := t.(*types.Struct)
	if !ok || i >= st.NumFields() {
		return types.NewVar(token.NoPos, nil, "_", types.Typ[types.Invalid]) // never interesting
	}
	return st.Field(i)
}

// allocStruct returns the struct type a local variable holds, or nil.
func allocStruct(a *ssa.Alloc) *types.Struct {
	st, _ := a.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
	return st
}

// localTree returns the tree of field i of the local struct variable a,
// if the field can hold maps or interface values.
func (s *state) localTree(a *ssa.Alloc, i int) *tree {
	st := allocStruct(a)
	if st == nil || i >= st.NumFields() || !interesting(st.Field(i).Type()) {
		return nil
	}
	k := localField{a, i}
	t := s.locals[k]
	if t == nil {
		t = &tree{}
		s.locals[k] = t
	}
	return t
}

// structAlloc loses the field trees of a local struct variable whose
// address goes anywhere but field selections, loads and decoder calls.
func (s *state) structAlloc(a *ssa.Alloc) {
	st := allocStruct(a)
	if st == nil {
		return
	}
	escapes, ok := s.escapes[a]
	if !ok {
		for _, r := range *a.Referrers() {
			switch r := r.(type) {
			case *ssa.FieldAddr, *ssa.DebugRef:
			case *ssa.UnOp:
				escapes = escapes || r.Op != token.MUL
			case *ssa.MakeInterface:
				for _, rr := range *r.Referrers() {
					if c, ok := rr.(ssa.CallInstruction); !ok || !s.isDecoderTarget(c.Common(), r) {
						escapes = true
					}
				}
			default:
				escapes = true
			}
		}
		s.escapes[a] = escapes
	}
	if !escapes {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		if t := s.localTree(a, i); t != nil {
			s.lose(t)
			s.setUnknown(t)
		}
	}
}

// decodedFields adds d to the trees of the fields of the local struct
// variable a that the decoder fills: exported, not tagged "-".
func (s *state) decodedFields(a *ssa.Alloc, d *decUse) {
	st := allocStruct(a)
	if st == nil {
		return
	}
	custom := s.hasUnmarshaler(a.Type().(*types.Pointer).Elem())
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if custom || !s.plainTarget(f.Type()) {
			// The struct decodes itself, or the field holds what the
			// table does not describe: anything may be in it.
			if t := s.localTree(a, i); t != nil {
				s.lose(t)
				s.setUnknown(t)
			}
			continue
		}
		if !f.Exported() || f.Embedded() {
			continue
		}
		tag := reflect.StructTag(st.Tag(i))
		if tag.Get("json") == "-" || tag.Get("yaml") == "-" || tag.Get("toml") == "-" {
			continue
		}
		if t := s.localTree(a, i); t != nil {
			s.addDec(t, d)
		}
	}
}

func (s *state) phi(phi *ssa.Phi) {
	var first node
	have, all := false, true
	for _, e := range phi.Edges {
		if isNilConst(e) {
			continue
		}
		n, ok := s.node(e)
		if !ok || n.kind != kVal {
			all = false
			continue
		}
		if !have {
			first, have = n, true
			continue
		}
		s.union(first.t, n.t)
		if n.depth != first.depth {
			all = false
		}
	}
	if have && all {
		s.setNode(phi, node{t: first.t, kind: kVal, depth: first.depth})
	}
}

// storeInto records that v is stored at the given level of t (a map or
// slice element, or a root variable's content of type elem).
func (s *state) storeInto(t *tree, level int, v ssa.Value, pos token.Pos, elem types.Type, rebind bool) {
	if !rebind {
		s.setMutated(t)
	}
	if isNilConst(v) {
		return
	}
	if n, ok := s.node(v); ok && n.kind == kVal {
		s.union(t, n.t)
		if !isInterface(elem) {
			return
		}
		// An interface slot holding a tracked value of its own tree
		// (m["b"] = m["a"]) adds nothing; a tracked container being put
		// in adds its type.
		if isInterface(v.Type()) {
			return
		}
		s.addStore(t, &storeRec{p: possible{typ: v.Type()}, level: level, pos: pos})
		return
	}
	if !isInterface(elem) {
		// A map or slice of unknown content stored in a typed slot.
		if interesting(elem) {
			s.lose(t)
		}
		return
	}
	if mi, ok := v.(*ssa.MakeInterface); ok {
		if n, ok := s.node(mi.X); ok && n.kind == kVal {
			s.union(t, n.t)
		}
		s.addStore(t, &storeRec{p: possible{typ: mi.X.Type()}, level: level, pos: pos})
		return
	}
	s.lose(t)
}

// makeInterface follows a tracked value converted to an interface: into
// a decoder call (the decoder fills the variable), into a tracked
// container (handled by storeInto), into a callee that may store into it.
// A variable's address otherwise escapes and the tree is lost; a map or
// slice passed as an interface to code we know nothing of is assumed not
// to be written through (it would have to be asserted back or written by
// reflection).
func (s *state) makeInterface(mi *ssa.MakeInterface) {
	n, ok := s.node(mi.X)
	if !ok {
		return
	}
	for _, r := range *mi.Referrers() {
		switch r := r.(type) {
		case ssa.CallInstruction:
			c := r.Common()
			if s.isDecoderTarget(c, mi) {
				continue
			}
			if n.kind == kAddr {
				// A variable's address in an interface: the callee may
				// fill it by reflection (a decoder we do not model,
				// mapstructure, mergo), which no writesFact shows.
				s.lose(n.t)
				continue
			}
			for i, a := range c.Args {
				if a != mi {
					continue
				}
				if writes, _ := s.calleeWrites(c, i); writes {
					s.lose(n.t)
				}
			}
		case *ssa.MapUpdate:
			if _, tracked := s.node(r.Map); !tracked && n.kind == kAddr {
				s.lose(n.t)
			}
		case *ssa.Store:
			if _, tracked := s.node(r.Addr); !tracked && n.kind == kAddr {
				s.lose(n.t)
			}
		case *ssa.DebugRef:
		default:
			if n.kind == kAddr {
				s.lose(n.t)
			}
		}
	}
}

// calleeWrites reports whether the callee of c may store into what its
// i-th argument (receiver first) holds; known is false when the callee is
// not known.
func (s *state) calleeWrites(c *ssa.CallCommon, i int) (writes, known bool) {
	if c.IsInvoke() {
		return false, false
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "append", "copy":
			return i == 0, true
		}
		return false, true
	}
	fn := c.StaticCallee()
	if fn == nil {
		return false, false
	}
	if s.inPkg[fn] {
		if i < len(fn.Params) {
			if n, ok := s.node(fn.Params[i]); ok {
				return n.t.mutated, true
			}
		}
		return false, true
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil {
		return false, false
	}
	var f writesFact
	if s.pass.ImportObjectFact(obj.Origin(), &f) {
		for _, p := range f.Params {
			if p == i {
				return true, true
			}
		}
	}
	return false, true
}

// decoderCall returns the decoder and entry called by c, or nil.
func decoderCall(c *ssa.CallCommon) (*provenance.Decoder, *provenance.Entry) {
	fn := c.StaticCallee()
	if fn == nil {
		return nil, nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return nil, nil
	}
	dec := provenance.Lookup(obj.Pkg().Path())
	if dec == nil {
		return nil, nil
	}
	recv := ""
	if r := obj.Signature().Recv(); r != nil {
		recv = namedName(r.Type())
	}
	e := dec.Entry(recv, obj.Name())
	if e == nil {
		return nil, nil
	}
	return dec, e
}

func namedName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func argIndex(e *provenance.Entry) int {
	if e.Recv != "" {
		return e.Arg + 1
	}
	return e.Arg
}

func (s *state) isDecoderTarget(c *ssa.CallCommon, v ssa.Value) bool {
	_, e := decoderCall(c)
	if e == nil {
		return false
	}
	i := argIndex(e)
	return i < len(c.Args) && c.Args[i] == v
}

func (s *state) call(c *ssa.CallCommon, call *ssa.Call) {
	if dec, e := decoderCall(c); dec != nil {
		i := argIndex(e)
		if i < len(c.Args) {
			if mi, ok := c.Args[i].(*ssa.MakeInterface); ok {
				if n, ok := s.node(mi.X); ok && n.kind == kAddr {
					if s.plainTarget(mi.X.Type().Underlying().(*types.Pointer).Elem()) {
						s.addDec(n.t, s.decoderUse(dec, e, c, call))
					} else {
						// Custom unmarshalers or non-empty interfaces:
						// the decoder's table does not describe it.
						s.lose(n.t)
						s.setUnknown(n.t)
					}
				} else if a, ok := mi.X.(*ssa.Alloc); ok && allocStruct(a) != nil {
					s.decodedFields(a, s.decoderUse(dec, e, c, call))
				}
			}
		}
	}
	if call != nil {
		s.callResults(c, call)
	}
	for i, a := range c.Args {
		n, ok := s.node(a)
		if !ok {
			continue
		}
		writes, known := s.calleeWrites(c, i)
		if writes || !known {
			s.lose(n.t)
		}
	}
	if c.IsInvoke() {
		if n, ok := s.node(c.Value); ok && n.kind == kAddr {
			s.lose(n.t)
		}
	}
}

func (s *state) addDec(t *tree, d *decUse) {
	t = find(t)
	for _, old := range t.decs {
		if old.pos == d.pos && old.dec == d.dec && old.via == d.via {
			return
		}
	}
	t.decs = append(t.decs, d)
	s.changed = true
}

// decoderUse describes one decoder call, with the options set on its
// receiver: certainly when the receiver was made in this function and only
// ever used as a receiver of the decoder's package, perhaps otherwise.
func (s *state) decoderUse(dec *provenance.Decoder, e *provenance.Entry, c *ssa.CallCommon, call *ssa.Call) *decUse {
	d := &decUse{dec: dec, call: e.Name}
	if call != nil {
		d.pos = call.Pos()
	}
	if e.Recv == "" {
		return d
	}
	d.call = e.Recv + "." + e.Name
	var opts []*provenance.Option
	for i := range dec.Options {
		if dec.Options[i].Recv == e.Recv {
			opts = append(opts, &dec.Options[i])
		}
	}
	if len(opts) == 0 || len(c.Args) == 0 {
		return d
	}
	recv := c.Args[0]
	fresh := false
	if mk, ok := recv.(*ssa.Call); ok {
		if fn := mk.Common().StaticCallee(); fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == dec.Path {
			fresh = true
		}
	}
	set := make(map[string]bool)
	for _, r := range *recv.Referrers() {
		ci, ok := r.(ssa.CallInstruction)
		if !ok {
			if _, dbg := r.(*ssa.DebugRef); !dbg {
				fresh = false
			}
			continue
		}
		rc := ci.Common()
		fn := rc.StaticCallee()
		if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != dec.Path || len(rc.Args) == 0 || rc.Args[0] != recv {
			fresh = false
			continue
		}
		set[fn.Name()] = true
	}
	for _, o := range opts {
		switch {
		case set[o.Method]:
			d.on = append(d.on, o)
		case !fresh:
			d.maybe = append(d.maybe, o)
		}
	}
	return d
}

// callResults makes the results of a call nodes: for a callee of this
// package, the trees of its returned values; for another package's, a
// tree from its returnsFact.
func (s *state) callResults(c *ssa.CallCommon, call *ssa.Call) {
	fn := c.StaticCallee()
	if fn == nil {
		return
	}
	results := fn.Signature.Results()
	set := func(i int, n node) {
		if results.Len() == 1 {
			s.setNode(call, n)
			return
		}
		k := resKey{call, i}
		if old, ok := s.callRes[k]; ok {
			s.union(old.t, n.t)
			return
		}
		s.callRes[k] = n
		s.changed = true
	}
	if s.inPkg[fn] {
		for i := 0; i < results.Len(); i++ {
			if n, ok := s.returned(fn, i); ok {
				set(i, n)
			}
		}
		return
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil {
		return
	}
	var f returnsFact
	if !s.pass.ImportObjectFact(obj.Origin(), &f) {
		return
	}
	for _, r := range f.Results {
		k := resKey{call, r.Index}
		t := s.imported[k]
		if t == nil {
			t = s.importTree(obj, r, call.Pos())
			if t == nil {
				continue
			}
			s.imported[k] = t
		}
		set(r.Index, node{t: t, kind: kVal, depth: r.Depth})
	}
}

func (s *state) importTree(callee *types.Func, r resultDesc, pos token.Pos) *tree {
	t := &tree{}
	name := callee.Pkg().Name() + "." + callee.Name()
	if sig := callee.Signature(); sig.Recv() != nil {
		name = callee.Pkg().Name() + "." + namedName(sig.Recv().Type()) + "." + callee.Name()
	}
	for _, d := range r.Decoders {
		dec := provenance.Lookup(d.Path)
		if dec == nil {
			return nil // a decoder this build does not know: stay silent
		}
		u := &decUse{dec: dec, pos: pos, call: d.Call, via: name, where: d.Where}
		for _, m := range d.On {
			if o := optionByMethod(dec, m); o != nil {
				u.on = append(u.on, o)
			}
		}
		for _, m := range d.Maybe {
			if o := optionByMethod(dec, m); o != nil {
				u.maybe = append(u.maybe, o)
			}
		}
		t.decs = append(t.decs, u)
	}
	for _, st := range r.Stored {
		s.addStore(t, &storeRec{p: possible{desc: st.Type}, level: st.Level, pos: pos, via: name})
	}
	return t
}

func optionByMethod(dec *provenance.Decoder, method string) *provenance.Option {
	for i := range dec.Options {
		if dec.Options[i].Method == method {
			return &dec.Options[i]
		}
	}
	return nil
}

// returned returns the node every return of fn yields as result i (nil
// constants allowed), unioning their trees.
func (s *state) returned(fn *ssa.Function, i int) (node, bool) {
	var first node
	have := false
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		r := ret.Results[i]
		if isNilConst(r) {
			continue
		}
		n, ok := s.node(r)
		if !ok || n.kind != kVal {
			return node{}, false
		}
		if !have {
			first, have = n, true
			continue
		}
		if n.depth != first.depth {
			return node{}, false
		}
		s.union(first.t, n.t)
	}
	if have {
		first.t = find(first.t)
	}
	return first, have
}

// exportFacts exports, for the functions of this package, which
// parameters they may store into and which results hold decoded values.
func (s *state) exportFacts() {
	for _, fn := range s.funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj == nil || fn.Parent() != nil || !obj.Exported() {
			continue // other packages call only exported functions and methods
		}
		var wf writesFact
		for i, p := range fn.Params {
			n, ok := s.node(p)
			if !s.converged || (ok && n.t.mutated) {
				if ok || !s.converged {
					wf.Params = append(wf.Params, i)
				}
			}
		}
		if len(wf.Params) > 0 {
			s.pass.ExportObjectFact(obj, &wf)
		}
		if !s.converged {
			continue
		}
		var rf returnsFact
		for i := 0; i < fn.Signature.Results().Len(); i++ {
			n, ok := s.returned(fn, i)
			if !ok || n.t.unknown || n.t.unknownStore || n.t.shared {
				continue
			}
			if rd, ok := s.describe(n, i); ok {
				rf.Results = append(rf.Results, rd)
			}
		}
		if len(rf.Results) > 0 {
			s.pass.ExportObjectFact(obj, &rf)
		}
	}
}

func (s *state) describe(n node, i int) (resultDesc, bool) {
	rd := resultDesc{Index: i, Depth: n.depth}
	for _, d := range n.t.decs {
		dd := decoderDesc{Path: d.dec.Path, Call: d.call, Where: d.where}
		if d.where == "" && d.pos.IsValid() {
			p := s.pass.Fset.Position(d.pos)
			dd.Where = shortFile(p.Filename) + ":" + itoa(p.Line)
		}
		for _, o := range d.on {
			dd.On = append(dd.On, o.Method)
		}
		for _, o := range d.maybe {
			dd.Maybe = append(dd.Maybe, o.Method)
		}
		rd.Decoders = append(rd.Decoders, dd)
	}
	for _, st := range n.t.stores {
		desc := st.p.desc
		if st.p.typ != nil {
			desc = canon(st.p.typ)
		}
		if desc == "" {
			return rd, false
		}
		rd.Stored = append(rd.Stored, storedDesc{Type: desc, Level: st.level})
	}
	if len(rd.Decoders) == 0 && len(rd.Stored) == 0 {
		return rd, false
	}
	return rd, true
}

func shortFile(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// unmarshalMethods are the methods by which a type decodes itself, in
// encoding/json, the YAML and TOML libraries and encoding (TextUnmarshaler).
var unmarshalMethods = []string{"UnmarshalJSON", "UnmarshalYAML", "UnmarshalTOML", "UnmarshalText"}

func hasUnmarshaler(t types.Type) bool {
	for _, tt := range []types.Type{t, types.NewPointer(t)} {
		if _, isPtr := t.Underlying().(*types.Pointer); isPtr && tt != t {
			continue
		}
		ms := types.NewMethodSet(tt)
		for i := 0; i < ms.Len(); i++ {
			name := ms.At(i).Obj().Name()
			for _, m := range unmarshalMethods {
				if name == m {
					return true
				}
			}
		}
	}
	return false
}

// hasUnmarshaler is the package function hasUnmarshaler, memoised.
func (s *state) hasUnmarshaler(t types.Type) bool {
	v, ok := s.custom[t]
	if !ok {
		v = hasUnmarshaler(t)
		s.custom[t] = v
	}
	return v
}

// plainTarget is plainTarget(t, 0), memoised.
func (s *state) plainTarget(t types.Type) bool {
	v, ok := s.plain[t]
	if !ok {
		v = plainTarget(t, 0)
		s.plain[t] = v
	}
	return v
}

// plainTarget reports whether the table describes what a decoder stores in
// a target of type t: no type in it decodes itself, and every interface
// in it is empty (a decoder cannot fill a non-empty one).
func plainTarget(t types.Type, depth int) bool {
	if depth > 10 || hasUnmarshaler(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return u.Empty() && !isTypeParam(t)
	case *types.Map:
		return plainTarget(u.Key(), depth+1) && plainTarget(u.Elem(), depth+1)
	case *types.Slice:
		return plainTarget(u.Elem(), depth+1)
	case *types.Array:
		return plainTarget(u.Elem(), depth+1)
	case *types.Pointer:
		return plainTarget(u.Elem(), depth+1)
	}
	return true // basic types and structs: not followed by the flow
}
