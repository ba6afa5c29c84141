package mapref_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

type T struct{ m map[string]int }

var G = map[string]int{}

func f(t *T, x map[string]int) {
	local := map[string]int{}
	t.m["a"] = 1
	x["b"] = 2
	G["c"] = 3
	local["d"] = 4
	func() { local["e"] = 5 }()
}
`

// updates returns the paths of every map update of fn and its closures,
// keyed by the update's key constant.
func updates(t *testing.T, fn *ssa.Function, into map[string]mapref.Path) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if u, ok := instr.(*ssa.MapUpdate); ok {
				k := u.Key.(*ssa.Const).Value.String()
				into[k[1:len(k)-1]] = mapref.Of(u.Map)
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		updates(t, anon, into)
	}
}

func TestOf(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	fn := pkg.Func("f")
	got := map[string]mapref.Path{}
	updates(t, fn, got)

	if p := got["a"]; p.Kind != mapref.Param || p.Index != 0 || len(p.Fields) != 1 || p.Fields[0] != "p.T.m" {
		t.Errorf("t.m: got %s", p.Key())
	}
	if p := got["b"]; p.Kind != mapref.Param || p.Index != 1 || len(p.Fields) != 0 {
		t.Errorf("x: got %s", p.Key())
	}
	if p := got["c"]; p.Kind != mapref.Global || p.Name != "p.G" {
		t.Errorf("G: got %s", p.Key())
	}
	if p := got["d"]; p.Kind != mapref.Local {
		t.Errorf("local: got %s", p.Key())
	}
	// The closure's write is free variable 0; substituted through its
	// MakeClosure it is the parent's local.
	e := got["e"]
	if e.Kind != mapref.FreeVar || e.Index != 0 {
		t.Fatalf("closure local: got %s", e.Key())
	}
	var mc *ssa.MakeClosure
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.MakeClosure); ok {
				mc = c
			}
		}
	}
	if mc == nil {
		t.Fatal("no closure")
	}
	if s := mapref.ClosureFrame(mc).Subst(e); s.Key() != got["d"].Key() {
		t.Errorf("closure write after substitution = %s, want the parent's %s", s.Key(), got["d"].Key())
	}
	if d := mapref.Describe(got["a"], fn); d != "t.m" {
		t.Errorf("Describe = %q, want t.m", d)
	}
	// A callee's own locals never leave it.
	if s := (mapref.Frame{}).Subst(got["d"]); s.Valid() {
		t.Errorf("Subst of a Local root = %s, want invalid", s.Key())
	}
}
