// Package mapvalue defines mapguard's mapvalue check: a type assertion (or
// type-switch case) on a value taken from a map that can never succeed,
// because the value was produced by a decoder (encoding/json, YAML, TOML)
// that never produces the asserted type, or because every store into the
// map is visible and none stores that type.
//
// The flows are tracked over SSA: from the decoder call through variables,
// nested indexing, range loops, slices of values, and function returns
// (within the package by following return values, across packages by
// facts). See the package's doc string (the analyzer's Doc) and
// docs/checks/mapvalue.md for what is reported and why.
package mapvalue

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Name is the check's stable name.
const Name = "mapvalue"

const doc = `report type assertions on map values that can never succeed

Code that decodes JSON, YAML or TOML into map[string]any and asserts a
value to a type the decoder never produces panics in production:

	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	port := cfg["port"].(int) // panic: interface {} is float64, not int

encoding/json produces float64 for numbers (json.Number with UseNumber),
gopkg.in/yaml.v2 nests map[interface{}]interface{}, yaml.v3 produces int,
TOML decoders int64. The comma-ok form and type-switch cases never match
and silently take the fallback. The check follows decoded values through
variables, nested indexing, range loops, slices and function returns, and
also knows the types stored into maps whose every store it can see (local
maps that do not escape, unexported fields and package variables).

Single-value assertions are reported as "panics", comma-ok assertions and
type-switch cases as "never matches". A comma-ok assertion or case is not
reported when the same value is also asserted to a possible type of the
same kind (a defensive int case beside the float64 case); -deadcases
reports those too.`

// Analyzer reports type assertions on map values that can never succeed.
var Analyzer = &analysis.Analyzer{
	Name:      Name,
	Doc:       doc,
	URL:       "https://github.com/mapguard/mapguard/blob/main/docs/checks/mapvalue.md",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(writesFact), new(returnsFact)},
}

func init() {
	Analyzer.Flags.Bool("deadcases", false,
		"also report comma-ok assertions and type-switch cases that never match when the same value is asserted to a possible type of the same kind")
}

func run(pass *analysis.Pass) (any, error) {
	ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	funcs := append([]*ssa.Function(nil), ssainput.SrcFuncs...)
	if init, ok := ssainput.Pkg.Members["init"].(*ssa.Function); ok {
		var add func(f *ssa.Function)
		add = func(f *ssa.Function) {
			funcs = append(funcs, f)
			for _, anon := range f.AnonFuncs {
				add(anon)
			}
		}
		add(init)
	}
	deadCases := false
	if f := pass.Analyzer.Flags.Lookup("deadcases"); f != nil {
		deadCases = f.Value.String() == "true"
	}
	s := newState(pass, ssainput.Pkg, funcs)
	s.solve()
	s.exportFacts()
	s.report(deadCases)
	return nil, nil
}

// astIndex finds the syntax of type assertions and type-switch cases by the
// positions SSA gives their TypeAssert instructions.
type astIndex struct {
	asserts map[token.Pos]*ast.TypeAssertExpr // by Lparen
	cases   map[token.Pos]*caseSyntax         // by CaseClause.Case
	calls   map[token.Pos]*ast.CallExpr       // by Lparen
}

type caseSyntax struct {
	clause *ast.CaseClause
	sw     *ast.TypeSwitchStmt
}

func buildASTIndex(files []*ast.File) *astIndex {
	idx := &astIndex{
		asserts: make(map[token.Pos]*ast.TypeAssertExpr),
		cases:   make(map[token.Pos]*caseSyntax),
		calls:   make(map[token.Pos]*ast.CallExpr),
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeAssertExpr:
				idx.asserts[n.Lparen] = n
			case *ast.CallExpr:
				idx.calls[n.Lparen] = n
			case *ast.TypeSwitchStmt:
				for _, st := range n.Body.List {
					if cc, ok := st.(*ast.CaseClause); ok {
						idx.cases[cc.Case] = &caseSyntax{cc, n}
					}
				}
			}
			return true
		})
	}
	return idx
}

// typeSwitchX returns the expression a type switch switches on.
func typeSwitchX(sw *ast.TypeSwitchStmt) ast.Expr {
	var e ast.Expr
	switch a := sw.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			e = a.Rhs[0]
		}
	case *ast.ExprStmt:
		e = a.X
	}
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
		return ta.X
	}
	return nil
}

// interesting reports whether values of type t can hold interface values
// (where a decoder or a store puts dynamic types): interfaces, and maps,
// slices, arrays and pointers that hold them.
func interesting(t types.Type) bool {
	return holdsDynamic(t, 0)
}

func holdsDynamic(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if isTypeParam(t) {
		return true // may be instantiated with anything
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Map:
		return holdsDynamic(u.Elem(), depth+1)
	case *types.Slice:
		return holdsDynamic(u.Elem(), depth+1)
	case *types.Array:
		return holdsDynamic(u.Elem(), depth+1)
	case *types.Pointer:
		return holdsDynamic(u.Elem(), depth+1)
	}
	return false
}

func isInterface(t types.Type) bool {
	_, ok := t.Underlying().(*types.Interface)
	return ok && !isTypeParam(t)
}

func isTypeParam(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

// coreType returns the underlying type of t, or for a type parameter the
// single underlying type of its type set's terms (nil if there is none).
func coreType(t types.Type) types.Type {
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		terms := []types.Type{iface.EmbeddedType(i)}
		if u, ok := iface.EmbeddedType(i).(*types.Union); ok {
			terms = terms[:0]
			for j := 0; j < u.Len(); j++ {
				terms = append(terms, u.Term(j).Type())
			}
		}
		for _, term := range terms {
			u := term.Underlying()
			if core == nil {
				core = u
			} else if !types.Identical(core, u) {
				return nil
			}
		}
	}
	return core
}
