package lockset_test

import (
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/internal/lockset"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// callersProbe reports, at every function whose name starts with "cb", how
// many call sites Result.Callers finds for it and whether
// Result.CallersComplete says they are all.
var callersProbe = &analysis.Analyzer{
	Name:     "lscallers",
	Doc:      "report lockset.Result.Callers counts for tests",
	Requires: []*analysis.Analyzer{lockset.Analyzer, buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ls := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			if strings.HasPrefix(fn.Name(), "cb") {
				pass.Reportf(fn.Pos(), "callers=%d complete=%t", len(ls.Callers(fn)), ls.CallersComplete(fn))
			}
		}
		return nil, nil
	},
}

func TestCallersFuncValues(t *testing.T) {
	analysistest.Run(t, callersProbe, "lockset/callers")
}
