package nilmap

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// loadShapes builds go/ssa's form of testdata/src/shapes as buildssa does
// (without ctrlflow's no-return facts, which only remove code).
func loadShapes(t *testing.T) (*token.FileSet, []*ast.File, *types.Info, *buildssa.SSA) {
	t.Helper()
	dir := filepath.Join("testdata", "src", "shapes")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Instances:    make(map[*ast.Ident]types.Instance),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:       make(map[ast.Node]*types.Scope),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("shapes", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	prog := ssa.NewProgram(fset, 0)
	for _, p := range pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	spkg := prog.CreatePackage(pkg, files, info, false)
	spkg.Build()
	res := &buildssa.SSA{Pkg: spkg}
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		res.SrcFuncs = append(res.SrcFuncs, f)
		for _, a := range f.AnonFuncs {
			add(a)
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if d, ok := d.(*ast.FuncDecl); ok {
				add(prog.FuncValue(info.Defs[d.Name].(*types.Func)))
			}
		}
	}
	return fset, files, info, res
}

func declName(d *ast.FuncDecl) string {
	if d.Recv != nil && len(d.Recv.List) > 0 {
		t := d.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if ix, ok := t.(*ast.IndexExpr); ok {
			t = ix.X
		}
		return t.(*ast.Ident).Name + "." + d.Name.Name
	}
	return d.Name.Name
}

// Every function SA5000 reports in (a want comment in its body) is a
// candidate, a write in a package-level literal makes the initializer
// one, and functions whose writes go to made maps, fields, parameters or
// free variables are not.
func TestCandidates(t *testing.T) {
	fset, files, _, s := loadShapes(t)
	keep, any, full := candidates(s)
	if !any || full {
		t.Fatalf("candidates: any=%v full=%v, want true, false", any, full)
	}
	kept := make(map[string]bool)
	for d := range keep {
		kept[declName(d)] = true
	}
	wanted := make(map[string]bool)
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.Contains(c.Text, "want `assignment to nil map`") {
					continue
				}
				found := false
				for _, d := range f.Decls {
					if d.Pos() <= c.Pos() && c.Pos() < d.End() {
						found = true
						if fd, ok := d.(*ast.FuncDecl); ok {
							wanted[declName(fd)] = true
						}
					}
				}
				if !found {
					t.Errorf("%s: want outside any declaration", fset.Position(c.Pos()))
				}
			}
		}
	}
	for name := range wanted {
		if !kept[name] {
			t.Errorf("%s reports a write to a nil map but is not a candidate", name)
		}
	}
	for _, name := range []string{"maybe", "made", "reg.add", "structField", "captured", "escapesAfterMade", "loopMade"} {
		if kept[name] {
			t.Errorf("%s is a candidate; its writes cannot be to a nil constant", name)
		}
	}
	if len(wanted) == 0 {
		t.Fatal("no want comments found in the shapes")
	}
	var names []string
	for n := range kept {
		names = append(names, n)
	}
	sort.Strings(names)
	t.Logf("candidates: %v", names)
}

// withBodiesOf leaves the shared files and info untouched.
func TestWithBodiesOfCopies(t *testing.T) {
	_, files, info, s := loadShapes(t)
	keep, _, _ := candidates(s)
	before := make(map[*ast.FuncDecl]*ast.BlockStmt)
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				before[fd] = fd.Body
			}
		}
	}
	nversions := len(info.FileVersions)
	out, ninfo := withBodiesOf(files, info, keep)
	for fd, body := range before {
		if fd.Body != body {
			t.Errorf("%s: body of the shared declaration changed", fd.Name.Name)
		}
	}
	if len(info.FileVersions) != nversions {
		t.Error("the shared FileVersions changed")
	}
	stripped := 0
	for i, f := range out {
		if f != files[i] {
			if _, ok := ninfo.FileVersions[f]; !ok {
				t.Errorf("copied file %d has no Go version", i)
			}
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fd.Body == nil {
					stripped++
					if keep[fd] {
						t.Errorf("%s: a candidate lost its body", fd.Name.Name)
					}
				} else if !keep[fd] {
					t.Errorf("%s: a non-candidate kept its body", fd.Name.Name)
				}
			}
		}
	}
	if stripped == 0 {
		t.Error("no body removed")
	}
}
