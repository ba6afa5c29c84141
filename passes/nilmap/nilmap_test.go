package nilmap_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/staticcheck/sa5000"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/nilmap"
)

func TestPositives(t *testing.T) { analysistest.Run(t, nilmap.Analyzer, "nilmap/a") }

func TestNegatives(t *testing.T) { analysistest.RunNegative(t, nilmap.Analyzer, "nilmap/neg") }

// TestBuildsOwnIR: nilmap builds staticcheck's IR itself (see the package
// doc) instead of requiring buildir, whose result a driver would keep.
func TestBuildsOwnIR(t *testing.T) {
	for _, r := range nilmap.Analyzer.Requires {
		if r.Name == "buildir" {
			t.Fatalf("nilmap requires buildir; SA5000's requirements or buildir's result changed shape (update buildIR)")
		}
	}
}

// reference is SA5000 wired as staticcheck wires it (over buildir).
var reference = &analysis.Analyzer{
	Name:     "nilmapref",
	Doc:      "SA5000 over buildir, for comparison",
	Run:      sa5000.Analyzer.Run,
	Requires: sa5000.Analyzer.Requires,
}

// TestSameAsStaticcheck: on every fixture, nilmap (building its own IR)
// and SA5000 over buildir report exactly the wanted diagnostics.
func TestSameAsStaticcheck(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*analysis.Analyzer{nilmap.Analyzer, reference} {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.RunDir(t, dir, a, "shapes")
			analysistest.Run(t, a, "nilmap/a")
			analysistest.RunNegative(t, a, "nilmap/neg")
		})
	}
}
