package guards_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/internal/guards"
	"golang.org/x/tools/go/analysis"
)

// probe reports, at every struct map field of the package, the guard the
// default policy decides, and at every access made outside the Normal
// context, the context.
var probe = &analysis.Analyzer{
	Name:     "guardsprobe",
	Doc:      "report guards results for tests",
	Requires: []*analysis.Analyzer{guards.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		gs := pass.ResultOf[guards.Analyzer].(*guards.Result)
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				f, ok := n.(*ast.Field)
				if !ok {
					return true
				}
				for _, name := range f.Names {
					v, ok := pass.TypesInfo.Defs[name].(*types.Var)
					if !ok || !v.IsField() || !guards.IsMap(v.Type()) {
						continue
					}
					pass.Reportf(name.Pos(), "%s: %s", v.Name(), show(gs.Guard(v, guards.DefaultPolicy)))
				}
				return true
			})
		}
		for _, acc := range gs.Accesses() {
			if acc.Context != guards.Normal {
				pass.Reportf(acc.Pos(), "%s in %s context", acc.Name, contexts[acc.Context])
			}
		}
		return nil, nil
	},
}

var contexts = map[guards.Context]string{
	guards.Constructor: "constructor",
	guards.Once:        "once",
	guards.Test:        "test",
	guards.Ignored:     "ignored",
	guards.Init:        "init",
}

var sources = map[guards.Source]string{
	guards.Inferred:   "inferred",
	guards.Comment:    "comment",
	guards.Annotation: "annotation",
}

func show(g *guards.Guard) string {
	if g == nil {
		return "no guard"
	}
	var flags []string
	if g.ReadOnly {
		flags = append(flags, "read-only")
	}
	if g.CopyOnWrite {
		flags = append(flags, "copy-on-write")
	}
	if g.Shared {
		flags = append(flags, "shared")
	}
	s := fmt.Sprintf("guard %s (%s) %d/%d", g.Mutex, sources[g.Source], g.Locked, g.Total)
	if len(flags) > 0 {
		s += " " + strings.Join(flags, " ")
	}
	return s
}

func TestGuards(t *testing.T) {
	analysistest.Run(t, probe, "guards/a")
}

// globalProbe reports, at every package-level map variable, the guard the
// default policy decides, and at every access of one made outside the
// Normal context, the context.
var globalProbe = &analysis.Analyzer{
	Name:     "guardsglobalprobe",
	Doc:      "report guards results for package-level maps in tests",
	Requires: []*analysis.Analyzer{guards.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		gs := pass.ResultOf[guards.Analyzer].(*guards.Result)
		for _, file := range pass.Files {
			for _, d := range file.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok {
					continue
				}
				for _, s := range gd.Specs {
					vs, ok := s.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for _, name := range vs.Names {
						v, ok := pass.TypesInfo.Defs[name].(*types.Var)
						if ok && guards.IsMap(v.Type()) {
							pass.Reportf(name.Pos(), "%s: %s", v.Name(), show(gs.Guard(v, guards.DefaultPolicy)))
						}
					}
				}
			}
		}
		for _, acc := range gs.GlobalAccesses() {
			if acc.Context != guards.Normal {
				pass.Reportf(acc.Pos(), "%s in %s context", acc.Name, contexts[acc.Context])
			}
		}
		return nil, nil
	},
}

func TestGlobalGuards(t *testing.T) {
	analysistest.Run(t, globalProbe, "guards/globals")
}
