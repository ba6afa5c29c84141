package mapalias

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// MutatesFact is exported for a function or method that writes to a map it
// receives: bit 0 stands for the receiver, bit i+1 for parameter i. A
// parameter counts when the function assigns to one of its entries,
// deletes or clears entries, or passes it to a function that does (so
// http.Header.Set, maps.Copy's destination and a package's own
// addDefaults(m) helpers are all mutations of the map passed in).
type MutatesFact struct {
	Params uint64
}

// AFact marks MutatesFact as a fact.
func (*MutatesFact) AFact() {}

func (f *MutatesFact) String() string {
	var b strings.Builder
	b.WriteString("mutates")
	for i := 0; i < 64; i++ {
		if f.Params&(1<<i) == 0 {
			continue
		}
		if i == 0 {
			b.WriteString(" recv")
		} else {
			fmt.Fprintf(&b, " p%d", i-1)
		}
	}
	return b.String()
}

// Mutators computes, for every function of the package, which of its map
// parameters it writes to, and exports that as facts for importers. It is
// a helper of mapalias: checks use its result, Mutates.
var Mutators = &analysis.Analyzer{
	Name:             "mapaliasmutators",
	Doc:              "compute which map parameters a function writes to (helper of mapalias)",
	URL:              "https://github.com/mapguard/mapguard/blob/main/docs/checks/mapalias.md",
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	Run:              runMutators,
	FactTypes:        []analysis.Fact{new(MutatesFact)},
	ResultType:       reflect.TypeFor[*Mutates](),
	RunDespiteErrors: true,
}

// Mutates answers which parameters of a function (of this package or an
// imported one) the function writes to.
type Mutates struct {
	pass  *analysis.Pass
	local map[*types.Func]uint64
}

// Of returns the parameter mask of fn (bit 0 receiver, bit i+1 parameter i).
func (m *Mutates) Of(fn *types.Func) uint64 {
	if m == nil || fn == nil {
		return 0
	}
	fn = fn.Origin()
	if bits, ok := m.local[fn]; ok {
		return bits
	}
	if fn.Pkg() == nil || fn.Pkg() == m.pass.Pkg {
		return 0
	}
	var f MutatesFact
	if m.pass.ImportObjectFact(fn, &f) {
		return f.Params
	}
	return 0
}

func runMutators(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := &Mutates{pass: pass, local: make(map[*types.Func]uint64)}
	type fnBody struct {
		fn     *types.Func
		params []*types.Var // index 0: receiver (may be nil)
		body   *ast.BlockStmt
	}
	var fns []fnBody
	for n := range ins.PreorderSeq((*ast.FuncDecl)(nil)) {
		decl := n.(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		params := []*types.Var{sig.Recv()}
		for v := range sig.Params().Variables() {
			params = append(params, v)
		}
		if len(params) > 64 {
			params = params[:64]
		}
		fns = append(fns, fnBody{fn, params, decl.Body})
	}
	// Iterate to a fixed point: a helper may call another helper declared
	// later in the package.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			index := make(map[*types.Var]int)
			for i, p := range f.params {
				if p != nil && isMap(p.Type()) {
					index[p] = i
				}
			}
			if len(index) == 0 {
				continue
			}
			old := res.local[f.fn]
			bits := old
			forEachMutation(pass.TypesInfo, f.body, res, func(target ast.Expr, _ ast.Node, _ string) {
				if v := rootParam(pass.TypesInfo, target); v != nil {
					if i, ok := index[v]; ok {
						bits |= 1 << i
					}
				}
			})
			if bits != old {
				res.local[f.fn] = bits
				changed = true
			}
		}
	}
	for fn, bits := range res.local {
		if bits != 0 {
			pass.ExportObjectFact(fn, &MutatesFact{Params: bits})
		}
	}
	return res, nil
}

// rootParam returns the variable that target names directly (through
// parentheses and conversions), or nil.
func rootParam(info *types.Info, target ast.Expr) *types.Var {
	e := stripConv(info, target)
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// stripConv removes parentheses and type conversions: textproto.MIMEHeader(h)
// is still h.
func stripConv(info *types.Info, e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.CallExpr:
			if len(x.Args) == 1 && x.Ellipsis == 0 {
				if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
					e = x.Args[0]
					continue
				}
			}
		}
		return e
	}
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// forEachMutation calls visit for every write to a map in body (closures
// included): target is the map expression written, node the statement or
// call, desc a short description for messages.
func forEachMutation(info *types.Info, body ast.Node, mut *Mutates, visit func(target ast.Expr, node ast.Node, desc string)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && isMap(info.TypeOf(ix.X)) {
					visit(ix.X, n, "assignment to an entry of")
				}
			}
		case *ast.IncDecStmt:
			if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok && isMap(info.TypeOf(ix.X)) {
				visit(ix.X, n, "assignment to an entry of")
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					switch b.Name() {
					case "delete":
						if len(n.Args) == 2 && isMap(info.TypeOf(n.Args[0])) {
							visit(n.Args[0], n, "delete on")
						}
					case "clear":
						if len(n.Args) == 1 && isMap(info.TypeOf(n.Args[0])) {
							visit(n.Args[0], n, "clear of")
						}
					}
					return true
				}
			}
			fn := typeutil.StaticCallee(info, n)
			if fn == nil {
				return true
			}
			bits := mut.Of(fn)
			if bits == 0 {
				return true
			}
			desc := "call to " + fn.Name() + " on"
			if bits&1 != 0 {
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && isMap(s.Recv()) {
						visit(sel.X, n, desc)
					}
				}
			}
			for i, a := range n.Args {
				if i+1 < 64 && bits&(1<<(i+1)) != 0 && isMap(info.TypeOf(a)) {
					visit(a, n, desc)
				}
			}
		}
		return true
	})
}
