// Package nilmap defines mapguard's nilmap check: an assignment to an entry
// of a map that is provably nil, which panics with "assignment to entry in
// nil map".
//
// The check is staticcheck's SA5000, taken from honnef.co/go/tools itself
// rather than rewritten, and exposed under mapguard's suite with mapguard's
// name, documentation and suppression rules.
//
// SA5000 reads staticcheck's IR of the package from staticcheck's buildir
// analyzer. Under a driver that keeps every analyzer result until the
// package is done (unitchecker, i.e. go vet and mapguard itself), a required
// buildir would keep the whole IR alive while the rest of the suite runs: on
// a large package (nats-server's server package with its tests) that is
// hundreds of megabytes more for the garbage collector to scan on every
// cycle. So nilmap builds the same IR itself, exactly as buildir does, hands
// it to SA5000's own Run and drops it when SA5000 returns.
//
// Building that IR cost as much as building go/ssa's form of the package,
// which the rest of the suite needs anyway (about 14% of the CPU of
// nats-server's server test variant), to find a handful of writes at most.
// So nilmap first reads the go/ssa form (buildssa's result) for functions
// that may contain such a write (see candidates.go) and builds the IR of
// those functions only: the other function declarations reach the IR
// builder without their bodies, as declarations of external functions do,
// and SA5000 sees no instruction of theirs. When no function qualifies, no
// IR is built at all.
package nilmap

import (
	"go/ast"
	"go/types"
	"reflect"

	"honnef.co/go/tools/go/ir"
	"honnef.co/go/tools/staticcheck/sa5000"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
)

// Name is the check's stable name.
const Name = "nilmap"

const doc = `report assignments to entries of nil maps

A map variable that is declared but never made is nil. Reading from a nil
map yields zero values, but assigning to an entry panics at run time with
"assignment to entry in nil map":

	var m map[string]int
	m["a"] = 1 // panics

Initialise the map first (m := make(map[string]int), or a composite
literal). This check is staticcheck's SA5000, run from honnef.co/go/tools.`

// Analyzer reports assignments to entries of nil maps.
var Analyzer = newAnalyzer()

// irResult describes staticcheck's buildir among SA5000's requirements and
// its result type (*buildir.IR, in an internal package) when it has the
// shape nilmap fills in; otherwise ok is false and nilmap requires buildir
// like SA5000 does.
type irResult struct {
	ok       bool
	buildir  *analysis.Analyzer
	others   []*analysis.Analyzer // SA5000's other requirements
	typ      reflect.Type         // buildir.IR (the struct)
	pkg      int                  // index of the Pkg field (*ir.Package)
	srcFuncs int                  // index of the SrcFuncs field ([]*ir.Function)
}

func describeIR(a *analysis.Analyzer) irResult {
	var r irResult
	for _, b := range a.Requires {
		if b.Name == "buildir" && r.buildir == nil {
			r.buildir = b
		} else {
			r.others = append(r.others, b)
		}
	}
	b := r.buildir
	if b == nil || len(b.FactTypes) != 0 || len(b.Requires) != 1 || b.Requires[0] != ctrlflow.Analyzer || b.ResultType == nil || b.ResultType.Kind() != reflect.Pointer {
		return irResult{}
	}
	t := b.ResultType.Elem()
	if t.Kind() != reflect.Struct || t.NumField() != 2 {
		return irResult{}
	}
	r.typ, r.pkg, r.srcFuncs = t, -1, -1
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		switch {
		case f.Name == "Pkg" && f.Type == reflect.TypeFor[*ir.Package]():
			r.pkg = i
		case f.Name == "SrcFuncs" && f.Type == reflect.TypeFor[[]*ir.Function]():
			r.srcFuncs = i
		}
	}
	if r.pkg < 0 || r.srcFuncs < 0 {
		return irResult{}
	}
	r.ok = true
	return r
}

func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:             Name,
		Doc:              doc,
		URL:              "https://github.com/mapguard/mapguard/blob/main/docs/checks/nilmap.md",
		Run:              sa5000.Analyzer.Run,
		Requires:         sa5000.Analyzer.Requires,
		FactTypes:        sa5000.Analyzer.FactTypes,
		ResultType:       sa5000.Analyzer.ResultType,
		RunDespiteErrors: sa5000.Analyzer.RunDespiteErrors,
	}
	if r := describeIR(sa5000.Analyzer); r.ok {
		a.Requires = append([]*analysis.Analyzer{ctrlflow.Analyzer, buildssa.Analyzer}, r.others...)
		a.Run = r.run
	}
	return a
}

// run builds the IR as buildir does, of the functions that may write to a
// nil map, and runs SA5000 on it.
func (r irResult) run(pass *analysis.Pass) (any, error) {
	files, info := pass.Files, pass.TypesInfo
	if s, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA); ok && s != nil {
		keep, any, full := candidates(s)
		if !any {
			return nil, nil
		}
		if !full {
			files, info = withBodiesOf(pass.Files, pass.TypesInfo, keep)
		}
	}
	res := reflect.New(r.typ)
	pkg, funcs := buildIR(pass, files, info)
	res.Elem().Field(r.pkg).Set(reflect.ValueOf(pkg))
	res.Elem().Field(r.srcFuncs).Set(reflect.ValueOf(funcs))
	p := *pass
	p.ResultOf = make(map[*analysis.Analyzer]any, len(r.others)+1)
	for _, o := range r.others {
		p.ResultOf[o] = pass.ResultOf[o]
	}
	p.ResultOf[r.buildir] = res.Interface()
	return sa5000.Analyzer.Run(&p)
}

// buildIR is staticcheck's buildir.run (honnef.co/go/tools v0.8.2,
// internal/passes/buildir): the IR of the package, in buildir's default
// mode, and its source functions, literals included, in source order;
// files and info are the package's (or withBodiesOf's copies).
func buildIR(pass *analysis.Pass, files []*ast.File, info *types.Info) (*ir.Package, []*ir.Function) {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	prog := ir.NewProgram(pass.Fset, ir.GlobalDebug)
	prog.SetNoReturn(cfgs.NoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	irpkg := prog.CreatePackage(pass.Pkg, files, info, false)
	irpkg.Build()

	funcs := make([]*ir.Function, len(irpkg.Functions))
	copy(funcs, irpkg.Functions)
	var addAnons func(f *ir.Function)
	addAnons = func(f *ir.Function) {
		for _, anon := range f.AnonFuncs {
			funcs = append(funcs, anon)
			addAnons(anon)
		}
	}
	for _, fn := range irpkg.Functions {
		addAnons(fn)
	}
	return irpkg, funcs
}
