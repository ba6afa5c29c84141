package nilmap

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// SA5000 reports an *ir.MapUpdate whose map, followed through phi nodes
// only, is one nil constant. candidates finds, in go/ssa's form of the
// package, the function declarations where that can happen: a superset,
// because the two forms differ in ways that only ever make the IR's map
// operand less constant than go/ssa's, except for one:
//
//   - both lift local variables into SSA values; the IR also lifts part of
//     a variable whose address is taken (the uses before the address
//     escapes), go/ssa none of it. So a load from an unlifted local
//     (go/ssa's *ssa.Alloc) counts as possibly nil when the variable is
//     ever assigned a possibly nil value or may be read before its first
//     assignment (its zero value);
//   - the IR has one constant per value and function where go/ssa has one
//     per use: two nil constants on two branches are two values for
//     SA5000 (see shapes.bothNil) but both nil here;
//   - the IR has sigma nodes after branches on the map, and a conversion
//     is an instruction in both: here conversions are followed.
//
// A write in a function literal makes its outermost declaration a
// candidate (the IR builds literals with their enclosing function). A
// write in the package initializer (a literal in a package-level var) needs
// no declaration: the initializer is always built. full is set when a
// candidate belongs to no declaration nilmap can find, and then the whole
// package is built.
func candidates(s *buildssa.SSA) (keep map[*ast.FuncDecl]bool, any, full bool) {
	keep = make(map[*ast.FuncDecl]bool)
	c := &cand{seen: make(map[ssa.Value]bool)}
	visit := func(fn *ssa.Function) {
		if !c.hasNilWrite(fn) {
			return
		}
		any = true
		top := fn
		for top.Parent() != nil {
			top = top.Parent()
		}
		if top == s.Pkg.Func("init") {
			return
		}
		if d, ok := top.Syntax().(*ast.FuncDecl); ok && d.Body != nil {
			keep[d] = true
			return
		}
		full = true
	}
	for _, fn := range s.SrcFuncs {
		visit(fn)
	}
	if init := s.Pkg.Func("init"); init != nil {
		var walk func(fn *ssa.Function)
		walk = func(fn *ssa.Function) {
			visit(fn)
			for _, a := range fn.AnonFuncs {
				walk(a)
			}
		}
		walk(init)
	}
	return keep, any, full
}

type cand struct {
	seen map[ssa.Value]bool // values on the current search path
}

func (c *cand) hasNilWrite(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mu, ok := instr.(*ssa.MapUpdate); ok {
				clear(c.seen)
				if c.mayBeNil(mu.Map) {
					return true
				}
			}
		}
	}
	return false
}

// mayBeNil reports whether v may be, in the IR, a phi tree whose leaves
// are one nil constant.
func (c *cand) mayBeNil(v ssa.Value) bool {
	if c.seen[v] {
		return true // a cycle of phis: the other edges decide
	}
	c.seen[v] = true
	switch v := v.(type) {
	case *ssa.Const:
		return v.Value == nil
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !c.mayBeNil(e) {
				return false
			}
		}
		return true
	case *ssa.ChangeType:
		return c.mayBeNil(v.X)
	case *ssa.Convert:
		return c.mayBeNil(v.X)
	case *ssa.MultiConvert:
		return c.mayBeNil(v.X)
	case *ssa.Field:
		return c.mayBeNil(v.X)
	case *ssa.Index:
		return c.mayBeNil(v.X)
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
			return c.allocMayBeNil(a)
		}
	}
	return false
}

// allocMayBeNil reports whether a load of the unlifted local a may read
// nil: some assignment stores a possibly nil value, or the variable may be
// read before it is assigned.
func (c *cand) allocMayBeNil(a *ssa.Alloc) bool {
	if c.seen[a] {
		return false // already being followed; its other stores decide
	}
	c.seen[a] = true
	refs := a.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == ssa.Value(a) && c.mayBeNil(st.Val) {
			return true
		}
	}
	return !assignedFirst(a)
}

// assignedFirst reports whether the first use of a after its allocation,
// in its own block, stores to it: then every path from the allocation
// assigns the variable before anything else sees it.
func assignedFirst(a *ssa.Alloc) bool {
	b := a.Block()
	if b == nil {
		return false
	}
	after := false
	var ops []*ssa.Value
	for _, instr := range b.Instrs {
		if !after {
			after = instr == ssa.Instruction(a)
			continue
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == ssa.Value(a) && st.Val != ssa.Value(a) {
			return true
		}
		ops = instr.Operands(ops[:0])
		for _, op := range ops {
			if op != nil && *op == ssa.Value(a) {
				return false
			}
		}
	}
	return false
}

// withBodiesOf returns the package's files with the body of every function
// declaration not in keep removed (the declaration itself, a shallow copy,
// stays: the IR builder then treats it as an external function and builds
// its parameters only), and a copy of info whose FileVersions also knows
// the copied files. Files without a removed body are returned as they are;
// nothing the other analyzers share is modified.
func withBodiesOf(files []*ast.File, info *types.Info, keep map[*ast.FuncDecl]bool) ([]*ast.File, *types.Info) {
	out := make([]*ast.File, len(files))
	ni := *info
	ni.FileVersions = make(map[*ast.File]string, len(info.FileVersions))
	for f, v := range info.FileVersions {
		ni.FileVersions[f] = v
	}
	for i, f := range files {
		out[i] = f
		var decls []ast.Decl
		for j, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || keep[fd] {
				continue
			}
			if decls == nil {
				decls = make([]ast.Decl, len(f.Decls))
				copy(decls, f.Decls)
			}
			stripped := *fd
			stripped.Body = nil
			decls[j] = &stripped
		}
		if decls == nil {
			continue
		}
		nf := *f
		nf.Decls = decls
		out[i] = &nf
		if v, ok := info.FileVersions[f]; ok {
			ni.FileVersions[&nf] = v
		}
	}
	return out, &ni
}
