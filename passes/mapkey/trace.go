package mapkey

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"math"

	"golang.org/x/tools/go/ssa"
)

// A step is one hop of the path a dynamic value takes to a map key.
type step struct {
	pos   token.Pos
	msg   string // for Related
	short string // for the diagnostic's message; may be empty
}

// An origin is where (part of) a key's dynamic value comes from: either a
// witness — a value whose dynamic type is certainly not comparable — or a
// parameter of the function being analysed.
type origin struct {
	param int    // the parameter's index, or -1 for a witness
	typ   string // witness: the dynamic type as the runtime names it
	steps []step // from the source toward the use
}

func (o origin) witness() bool { return o.param < 0 }

func (o origin) with(s step) origin {
	steps := make([]step, len(o.steps), len(o.steps)+1)
	copy(steps, o.steps)
	o.steps = append(steps, s)
	return o
}

const maxDepth = 24

// A funcState holds what one function's analysis needs while tracing.
type funcState struct {
	c        *checker
	fn       *ssa.Function
	feasible map[*ssa.BasicBlock]bool
	visiting map[ssa.Value]bool
	params   map[*ssa.Parameter]int
}

func newFuncState(c *checker, fn *ssa.Function) *funcState {
	s := &funcState{c: c, fn: fn, visiting: make(map[ssa.Value]bool), params: make(map[*ssa.Parameter]int)}
	for i, p := range fn.Params {
		s.params[p] = i
	}
	s.feasible = feasibleBlocks(fn)
	return s
}

// feasibleBlocks returns the blocks reachable from the entry when branches
// on constant conditions are taken only the way the constant goes.
func feasibleBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	seen := make(map[*ssa.BasicBlock]bool)
	if len(fn.Blocks) == 0 {
		return seen
	}
	var walk func(b *ssa.BasicBlock)
	walk = func(b *ssa.BasicBlock) {
		if seen[b] {
			return
		}
		seen[b] = true
		succs := b.Succs
		if len(b.Instrs) > 0 {
			if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && len(succs) == 2 {
				if k, ok := iff.Cond.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Bool {
					if constant.BoolVal(k.Value) {
						succs = succs[:1]
					} else {
						succs = succs[1:]
					}
				}
			}
		}
		for _, s := range succs {
			walk(s)
		}
	}
	walk(fn.Blocks[0])
	if fn.Recover != nil {
		walk(fn.Recover)
	}
	return seen
}

// guarded reports whether v is inspected in a way that may keep its
// non-comparable dynamic types away from the map: a type assertion or type
// switch on it, or a call into reflect. The check then assumes nothing.
func guarded(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.TypeAssert:
			if r.X == v {
				return true
			}
		case ssa.CallInstruction:
			com := r.Common()
			if f := com.StaticCallee(); f != nil && f.Pkg != nil && f.Pkg.Pkg.Path() == "reflect" {
				return true
			}
			if com.IsInvoke() && com.Value == v {
				continue
			}
		}
	}
	return false
}

// trace returns the origins of the dynamic value of v (at most one witness,
// and every parameter it may come from).
func (s *funcState) trace(v ssa.Value, use *ssa.BasicBlock, depth int) []origin {
	if depth > maxDepth || s.visiting[v] {
		return nil
	}
	if guarded(v) {
		return nil
	}
	s.visiting[v] = true
	defer delete(s.visiting, v)

	switch v := v.(type) {
	case *ssa.Parameter:
		if i, ok := s.params[v]; ok {
			return []origin{{param: i}}
		}
	case *ssa.MakeInterface:
		t := v.X.Type()
		if nonComparable(t) {
			name := typeName(t)
			pos := s.convPos(v)
			var steps []step
			if made := s.madePos(v.X); made.IsValid() && s.line(made) != s.line(pos) {
				steps = append(steps, step{pos: made, msg: fmt.Sprintf("the %s is made here", name)})
			}
			steps = append(steps, step{
				pos:   pos,
				msg:   fmt.Sprintf("%s converted to %s here", name, ifaceName(v.Type())),
				short: fmt.Sprintf("converted to %s at line %d", ifaceName(v.Type()), s.line(pos)),
			})
			return []origin{{param: -1, typ: name, steps: steps}}
		}
		if carriesDynamic(t) {
			return s.trace(v.X, v.Block(), depth+1)
		}
	case *ssa.ChangeInterface:
		return s.trace(v.X, v.Block(), depth+1)
	case *ssa.ChangeType:
		return s.trace(v.X, v.Block(), depth+1)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			if _, ok := v.AssertedType.Underlying().(*types.Interface); ok {
				return s.trace(v.X, v.Block(), depth+1)
			}
		}
	case *ssa.Phi:
		return s.tracePhi(v, use, depth)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return s.traceLoad(v, depth)
		}
	case *ssa.Call:
		return s.traceResult(v.Common(), 0, v.Pos(), depth)
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return s.traceResult(call.Common(), v.Index, call.Pos(), depth)
		}
	}
	return nil
}

func (s *funcState) tracePhi(phi *ssa.Phi, use *ssa.BasicBlock, depth int) []origin {
	var out []origin
	perEdge := make([][]origin, len(phi.Edges))
	allWitness := true
	for i, e := range phi.Edges {
		if i >= len(phi.Block().Preds) || !s.feasible[phi.Block().Preds[i]] {
			continue
		}
		perEdge[i] = s.trace(e, phi.Block().Preds[i], depth+1)
		w := false
		for _, o := range perEdge[i] {
			if o.witness() {
				w = true
			}
		}
		if !w {
			if k, ok := e.(*ssa.Const); !ok || !k.IsNil() {
				allWitness = false
			}
		}
	}
	// A value that differs by path is followed only when the path, once
	// chosen, leads straight to the use: a later branch might be correlated
	// with the earlier one (if single { k = name }; ...; if single { m[k] }).
	if !allWitness && !straight(phi.Block(), use) {
		return nil
	}
	name := phi.Comment
	if name == "" {
		name = "the key"
	}
	// Where the key is something else on other paths, name this path: by a
	// position inside the predecessor it comes from, or else by what it
	// bypasses (the reassignment on the other paths).
	bypass := token.NoPos
	for i, os := range perEdge {
		w := false
		for _, o := range os {
			w = w || o.witness()
		}
		if !w && i < len(phi.Edges) {
			if p := s.valuePos(phi.Edges[i]); p.IsValid() && !bypass.IsValid() {
				bypass = p
			}
		}
	}
	for i, os := range perEdge {
		for _, o := range os {
			if o.witness() && !allWitness {
				if pos := blockPos(phi.Block().Preds[i]); pos.IsValid() {
					o = o.with(step{
						pos:   pos,
						msg:   fmt.Sprintf("%s holds %s on the path through here", name, o.typ),
						short: fmt.Sprintf("%s on the path through line %d", name, s.line(pos)),
					})
				} else if bypass.IsValid() {
					o = o.with(step{
						pos:   bypass,
						msg:   fmt.Sprintf("%s is reassigned here only on other paths; on the path that bypasses it, %s holds %s", name, name, o.typ),
						short: fmt.Sprintf("%s on the path that bypasses line %d", name, s.line(bypass)),
					})
				}
			}
			out = addOrigin(out, o)
		}
	}
	return out
}

// straight reports whether control reaches to from from without a choice:
// the same block, or a chain of blocks with a single successor each.
func straight(from, to *ssa.BasicBlock) bool {
	if to == nil {
		return false
	}
	b := from
	for i := 0; i < 32; i++ {
		if b == to {
			return true
		}
		if len(b.Succs) != 1 {
			return false
		}
		b = b.Succs[0]
	}
	return false
}

// addOrigin appends o unless out already has a witness (for witnesses) or
// the same parameter.
func addOrigin(out []origin, o origin) []origin {
	for _, x := range out {
		if x.param == o.param {
			return out
		}
	}
	return append(out, o)
}

// blockPos returns a position inside b, preferring its last positioned
// instruction.
func blockPos(b *ssa.BasicBlock) token.Pos {
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		if p := b.Instrs[i].Pos(); p.IsValid() {
			return p
		}
	}
	for _, p := range b.Preds {
		if len(p.Instrs) > 0 {
			if pos := p.Instrs[len(p.Instrs)-1].Pos(); pos.IsValid() {
				return pos
			}
		}
	}
	return token.NoPos
}

// traceLoad follows a load from a local variable or composite literal that
// does not escape to the stores that reach it.
func (s *funcState) traceLoad(load *ssa.UnOp, depth int) []origin {
	return s.traceLoadExcept(load, nil, depth)
}

// traceLoadExcept is traceLoad ignoring the fields or elements in except
// (keys "f<index>" and "i<index>"), which a later store overwrote.
func (s *funcState) traceLoadExcept(load *ssa.UnOp, except map[string]bool, depth int) []origin {
	alloc, ok := load.X.(*ssa.Alloc)
	if !ok || !localOnly(alloc) {
		return nil
	}
	whole, fields, dirty := reachingStores(load, alloc)
	var out []origin
	elem := load.Type()
	for _, st := range fields {
		key := addrKey(st.Addr)
		if except[key] {
			continue
		}
		var what string
		switch a := st.Addr.(type) {
		case *ssa.FieldAddr:
			what = "field " + fieldName(elem, a.Field) + " of " + typeName(elem)
		case *ssa.IndexAddr:
			what = "an element of " + typeName(elem)
		}
		for _, o := range s.trace(st.Val, st.Block(), depth+1) {
			if o.witness() {
				pos := st.Pos()
				if !pos.IsValid() {
					pos = s.valuePos(st.Val)
				}
				o = o.with(step{pos: pos, msg: fmt.Sprintf("%s holds %s", what, o.typ), short: "in " + what})
			}
			out = addOrigin(out, o)
		}
	}
	if whole != nil {
		// Fields stored after the whole value replace its fields.
		ex := make(map[string]bool)
		for k := range except {
			ex[k] = true
		}
		for k := range dirty {
			ex[k] = true
		}
		for _, st := range fields {
			ex[addrKey(st.Addr)] = true
		}
		var os []origin
		if len(ex) == 0 {
			os = s.trace(whole.Val, whole.Block(), depth+1)
		} else if inner, ok := whole.Val.(*ssa.UnOp); ok && inner.Op == token.MUL && !s.visiting[inner] {
			s.visiting[inner] = true
			os = s.traceLoadExcept(inner, ex, depth+1)
			delete(s.visiting, inner)
		}
		for _, o := range os {
			out = addOrigin(out, o)
		}
	}
	return out
}

// addrKey names a direct field or constant element address.
func addrKey(addr ssa.Value) string {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		return fmt.Sprintf("f%d", a.Field)
	case *ssa.IndexAddr:
		if k, ok := a.Index.(*ssa.Const); ok && k.Value != nil {
			return "i" + k.Value.ExactString()
		}
	}
	return ""
}

// localOnly reports whether the address of alloc is used only to store to
// it, to its fields or elements, and to load them: nothing else can write it.
func localOnly(alloc *ssa.Alloc) bool {
	return addrLocal(alloc, 0)
}

func addrLocal(addr ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	refs := addr.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Val == addr {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.FieldAddr:
			if !addrLocal(r, depth+1) {
				return false
			}
		case *ssa.IndexAddr:
			if _, ok := r.Index.(*ssa.Const); !ok {
				return false
			}
			if !addrLocal(r, depth+1) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// reachingStores walks back from load through its block and a chain of
// single predecessors, collecting the last store to the whole of alloc, and
// the later stores to its directly addressed fields or elements. Fields
// written through a longer address chain (k.f.g = v) are dirty: their
// contents are not known.
func reachingStores(load ssa.Instruction, alloc *ssa.Alloc) (whole *ssa.Store, fields []*ssa.Store, dirty map[string]bool) {
	seenField := make(map[string]bool)
	dirty = make(map[string]bool)
	b := load.Block()
	idx := -1
	for i, in := range b.Instrs {
		if in == load {
			idx = i
			break
		}
	}
	visited := make(map[*ssa.BasicBlock]bool)
	for hops := 0; b != nil && hops < 16 && !visited[b]; hops++ {
		visited[b] = true
		if idx < 0 {
			idx = len(b.Instrs)
		}
		for i := idx - 1; i >= 0; i-- {
			st, ok := b.Instrs[i].(*ssa.Store)
			if !ok {
				continue
			}
			if st.Addr == alloc {
				return st, fields, dirty
			}
			top, direct := topField(st.Addr, alloc)
			if top == "" {
				continue
			}
			if !direct {
				dirty[top] = true
				seenField[top] = true
				continue
			}
			if !seenField[top] {
				seenField[top] = true
				fields = append(fields, st)
			}
		}
		if len(b.Preds) != 1 {
			break
		}
		b = b.Preds[0]
		idx = -1
	}
	return nil, fields, dirty
}

// topField returns the key of the field or element of alloc that addr lies
// in ("" if addr is not derived from alloc, "?" if by a variable index), and
// whether addr is that field itself.
func topField(addr ssa.Value, alloc *ssa.Alloc) (string, bool) {
	direct := true
	for i := 0; i < 8; i++ {
		var x ssa.Value
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			x = a.X
		case *ssa.IndexAddr:
			x = a.X
		default:
			return "", false
		}
		if x == alloc {
			key := addrKey(addr)
			if key == "" {
				return "?", false
			}
			return key, direct
		}
		direct = false
		addr = x
	}
	return "", false
}

// traceResult follows a call's result through the callee's ResultFact.
func (s *funcState) traceResult(com *ssa.CallCommon, index int, callPos token.Pos, depth int) []origin {
	callee := staticCallee(com)
	if callee == nil {
		return nil
	}
	rf := s.c.resultFact(callee)
	r := rf.result(index)
	if r == nil {
		return nil
	}
	name := funcName(callee)
	var steps []step
	if p := s.c.positions.pos(r.At); p.IsValid() {
		steps = append(steps, step{pos: p, msg: fmt.Sprintf("%s returns %s here", name, r.Type)})
	}
	steps = append(steps, step{
		pos:   callPos,
		msg:   fmt.Sprintf("%s, returned by %s, is not nil only as a %s", r.Type, name, r.Type),
		short: fmt.Sprintf("returned by %s at line %d", name, s.line(callPos)),
	})
	return []origin{{param: -1, typ: r.Type, steps: steps}}
}

// mustResult decides whether v is certainly either nil or of a
// non-comparable dynamic type; it returns that type (or "" if v is always
// nil), a position producing it, and whether v is certain.
func (s *funcState) mustResult(v ssa.Value, depth int) (typ string, at token.Pos, ok bool) {
	if depth > maxDepth || s.visiting[v] {
		return "", token.NoPos, false
	}
	s.visiting[v] = true
	defer delete(s.visiting, v)
	switch v := v.(type) {
	case *ssa.Const:
		return "", token.NoPos, v.IsNil()
	case *ssa.MakeInterface:
		if nonComparable(v.X.Type()) {
			return typeName(v.X.Type()), s.valuePos(v), true
		}
	case *ssa.ChangeInterface:
		return s.mustResult(v.X, depth+1)
	case *ssa.Phi:
		var typ string
		var at token.Pos
		for i, e := range v.Edges {
			if i < len(v.Block().Preds) && !s.feasible[v.Block().Preds[i]] {
				continue
			}
			t, p, ok := s.mustResult(e, depth+1)
			if !ok {
				return "", token.NoPos, false
			}
			if typ == "" && t != "" {
				typ, at = t, p
			}
		}
		return typ, at, true
	case *ssa.Call:
		if callee := staticCallee(v.Common()); callee != nil {
			if r := s.c.resultFact(callee).result(0); r != nil {
				return r.Type, v.Pos(), true
			}
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			if callee := staticCallee(call.Common()); callee != nil {
				if r := s.c.resultFact(callee).result(v.Index); r != nil {
					return r.Type, call.Pos(), true
				}
			}
		}
	}
	return "", token.NoPos, false
}

// convPos finds the position of a conversion to an interface: its own if
// explicit, else that of the instruction using the converted value (an
// implicit conversion happens where the value is used).
func (s *funcState) convPos(mi *ssa.MakeInterface) token.Pos {
	if p := mi.Pos(); p.IsValid() {
		return p
	}
	if refs := mi.Referrers(); refs != nil {
		for _, r := range *refs {
			if p := r.Pos(); p.IsValid() {
				return p
			}
		}
	}
	return s.valuePos(mi.X)
}

// madePos is where a non-comparable value was made, if the function made it.
func (s *funcState) madePos(v ssa.Value) token.Pos {
	switch v.(type) {
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global, *ssa.Phi, *ssa.Const:
		return token.NoPos
	}
	return s.valuePos(v)
}

// valuePos finds a source position for v: its own, or that of the operand
// it was computed from (an implicit conversion has no position of its own).
func (s *funcState) valuePos(v ssa.Value) token.Pos {
	for i := 0; i < 6 && v != nil; i++ {
		if p := v.Pos(); p.IsValid() {
			return p
		}
		in, ok := v.(ssa.Instruction)
		if !ok {
			break
		}
		var next ssa.Value
		for _, op := range in.Operands(nil) {
			if op != nil && *op != nil {
				if _, isConst := (*op).(*ssa.Const); !isConst {
					next = *op
					break
				}
			}
		}
		v = next
	}
	return token.NoPos
}

func (s *funcState) line(pos token.Pos) int {
	if !pos.IsValid() {
		return 0
	}
	return s.c.pass.Fset.Position(pos).Line
}

// nanSource reports whether v is certainly NaN, and where it was made.
func nanSource(v ssa.Value, depth int) (token.Pos, string, bool) {
	if depth > 8 {
		return token.NoPos, "", false
	}
	switch v := v.(type) {
	case *ssa.Call:
		f := staticCallee(v.Common())
		if f == nil || f.Pkg == nil || f.Pkg.Pkg.Path() != "math" {
			return token.NoPos, "", false
		}
		args := v.Common().Args
		switch f.Name() {
		case "NaN":
			return v.Pos(), "math.NaN() returns NaN here", true
		case "Float64frombits":
			if len(args) == 1 {
				if k, ok := args[0].(*ssa.Const); ok && k.Value != nil {
					if u, exact := constant.Uint64Val(k.Value); exact && math.IsNaN(math.Float64frombits(u)) {
						return v.Pos(), "math.Float64frombits returns NaN here", true
					}
				}
			}
		case "Float32frombits":
			if len(args) == 1 {
				if k, ok := args[0].(*ssa.Const); ok && k.Value != nil {
					if u, exact := constant.Uint64Val(k.Value); exact && u <= math.MaxUint32 && math.IsNaN(float64(math.Float32frombits(uint32(u)))) {
						return v.Pos(), "math.Float32frombits returns NaN here", true
					}
				}
			}
		}
	case *ssa.BinOp:
		// 0/0 with both operands the constant zero: what a division of
		// zero-valued variables compiles to once SSA has propagated them.
		if v.Op == token.QUO && isFloat(v.Type()) && isZeroConst(v.X) && isZeroConst(v.Y) {
			return v.Pos(), "0/0 evaluates to NaN here", true
		}
	case *ssa.Convert:
		if isFloat(v.Type()) {
			return nanSource(v.X, depth+1)
		}
	case *ssa.ChangeType:
		return nanSource(v.X, depth+1)
	case *ssa.MakeInterface:
		return nanSource(v.X, depth+1)
	}
	return token.NoPos, "", false
}

func isFloat(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}

func isZeroConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || !isFloat(k.Type()) {
		return false
	}
	return constant.Sign(k.Value) == 0
}

// controlledByParams reports whether reaching block b may depend on the
// arguments of a call: a branch in a block dominating b has a condition
// computed from a parameter other than the receiver — other than a nil test
// of the parameter keyParam itself. A parameter becomes a KeyParam only when
// every call that reaches the function reaches the map access (as far as
// the arguments decide), so that a caller is never blamed for a path its
// other arguments rule out (Set(key, hashable bool)).
func (s *funcState) controlledByParams(b *ssa.BasicBlock, keyParam int) bool {
	recv := -1
	if s.fn.Signature.Recv() != nil {
		recv = 0
	}
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if bin, ok := iff.Cond.(*ssa.BinOp); ok && (bin.Op == token.EQL || bin.Op == token.NEQ) {
			if p, ok := s.params[paramOf(bin.X)]; ok && p == keyParam && isNilConst(bin.Y) {
				continue
			}
			if p, ok := s.params[paramOf(bin.Y)]; ok && p == keyParam && isNilConst(bin.X) {
				continue
			}
		}
		if s.dependsOnParam(iff.Cond, recv, make(map[ssa.Value]bool), 0) {
			return true
		}
	}
	return false
}

func paramOf(v ssa.Value) *ssa.Parameter {
	p, _ := v.(*ssa.Parameter)
	return p
}

func isNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

// dependsOnParam reports whether v may be computed from a parameter other
// than the one at index except. Past the depth limit it answers yes.
func (s *funcState) dependsOnParam(v ssa.Value, except int, seen map[ssa.Value]bool, depth int) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	if depth > 12 {
		return true
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		i, ok := s.params[v]
		return ok && i != except
	case *ssa.Const, *ssa.Global, *ssa.Function, *ssa.FreeVar, *ssa.Builtin:
		return false
	}
	in, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	for _, op := range in.Operands(nil) {
		if op == nil || *op == nil {
			continue
		}
		if s.dependsOnParam(*op, except, seen, depth+1) {
			return true
		}
	}
	return false
}
