package mapkey_test

import (
	"testing"

	"github.com/mapguard/mapguard/passes/mapkey"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"
)

// benchPackages are standard-library packages with many interface-keyed
// maps and dependencies (facts flow through all of them).
var benchPackages = []string{"net/http", "encoding/json", "go/types", "text/template"}

func loadBench(b *testing.B) []*packages.Package {
	b.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, benchPackages...)
	if err != nil {
		b.Fatal(err)
	}
	return pkgs
}

func runBench(b *testing.B, a *analysis.Analyzer) {
	pkgs := loadBench(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMapkey measures mapkey, including the SSA it requires, on the
// benchPackages and all their dependencies.
func BenchmarkMapkey(b *testing.B) { runBench(b, mapkey.Analyzer) }

// BenchmarkBuildSSA is the baseline: building SSA alone, on the same
// packages (an analyzer with facts runs on every dependency too).
func BenchmarkBuildSSA(b *testing.B) { runBench(b, ssaOnly) }

type noFact struct{}

func (*noFact) AFact() {}

var ssaOnly = &analysis.Analyzer{
	Name:      "ssaonly",
	Doc:       "build SSA and do nothing",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(noFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}
