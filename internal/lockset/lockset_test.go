package lockset_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/internal/lockset"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// probe reports, at every call of a function named probe, the locks held on
// all paths and on some path, and at every function with a non-empty
// summary, the summary.
var probe = &analysis.Analyzer{
	Name:     "lsprobe",
	Doc:      "report lockset results for tests",
	Requires: []*analysis.Analyzer{lockset.Analyzer, buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ls := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			f := ls.Func(fn)
			if f == nil {
				return nil, fmt.Errorf("no lockset for %s", fn)
			}
			if fn.Parent() == nil {
				if sum := f.Summary(); len(sum.Requires)+len(sum.Acquires)+len(sum.Releases)+len(sum.Callbacks) > 0 {
					fact := &lockset.FuncFact{Summary: sum}
					pass.Reportf(fn.Pos(), "summary %s", fact)
				}
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					callee := call.Call.StaticCallee()
					if callee == nil || callee.Name() != "probe" {
						continue
					}
					pass.Reportf(call.Pos(), "held=%s may=%s", show(f.Before(call)), show(f.MayBefore(call)))
				}
			}
		}
		return nil, nil
	},
}

func show(s *lockset.Set) string {
	var parts []string
	for _, h := range s.Locks() {
		parts = append(parts, h.Name+":"+h.Kind.String())
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestLockset(t *testing.T) {
	analysistest.Run(t, probe, "lockset/a", "lockset/b")
}

func TestSameAndCommon(t *testing.T) {
	a := lockset.Lock{Key: lockset.Key{Path: "mu"}, Name: "c.mu", Type: "(p.T).mu"}
	b := lockset.Lock{Key: lockset.Key{Path: "mu2"}, Name: "d.mu", Type: "(p.T).mu"}
	c := lockset.Lock{Key: lockset.Key{Path: "x"}, Name: "x", Type: ""}
	if !lockset.Same(a, b) {
		t.Errorf("Same(c.mu, d.mu) of one type = false")
	}
	if lockset.Same(a, c) {
		t.Errorf("Same with a local = true")
	}
}
