package mapalias_test

import (
	"path/filepath"
	"testing"

	xtest "golang.org/x/tools/go/analysis/analysistest"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapalias"
)

func TestStructCopies(t *testing.T) {
	res := analysistest.RunWithSuggestedFixes(t, mapalias.Analyzer, "mapalias/copies")
	analysistest.AssertRelated(t, res)
}

func TestMapAliases(t *testing.T) {
	res := analysistest.RunWithSuggestedFixes(t, mapalias.Analyzer, "mapalias/aliases")
	analysistest.AssertRelated(t, res)
}

func TestBoundaries(t *testing.T) {
	res := analysistest.RunWithSuggestedFixes(t, mapalias.Analyzer, "mapalias/boundary")
	analysistest.AssertRelated(t, res)
}

func TestFixKinds(t *testing.T) {
	res := analysistest.RunWithSuggestedFixes(t, mapalias.Analyzer, "mapalias/fixkinds")
	analysistest.AssertRelated(t, res)
}

func TestImports(t *testing.T) {
	res := analysistest.RunWithSuggestedFixes(t, mapalias.Analyzer, "mapalias/imports")
	analysistest.AssertRelated(t, res)
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, mapalias.Analyzer, "mapalias/neg")
}

func TestCrossPackage(t *testing.T) {
	res := analysistest.Run(t, mapalias.Analyzer, "mapalias/cross")
	analysistest.AssertRelated(t, res)
}

// A go 1.20 module: no maps.Clone fix, except in a file whose build
// constraint raises its Go version (module mode, so versions are known).
func TestFileVersions(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src", "mapalias", "oldmod")
	res := xtest.RunWithSuggestedFixes(t, dir, mapalias.Analyzer, "./...")
	analysistest.AssertRelated(t, res)
	fixes := 0
	for _, r := range res {
		for _, d := range r.Diagnostics {
			fixes += len(d.SuggestedFixes)
		}
	}
	if fixes != 1 {
		t.Errorf("got %d fixes, want 1 (only the go1.22 file)", fixes)
	}
}

func TestGuardedStoresFlag(t *testing.T) {
	if err := mapalias.Analyzer.Flags.Set("guardedstores", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapalias.Analyzer.Flags.Set("guardedstores", "false")
	res := analysistest.Run(t, mapalias.Analyzer, "mapalias/guardedstores")
	analysistest.AssertRelated(t, res)
}

// A //line directive without a column once made the fix's indentation
// computation slice out of range (a panic that lost the whole package).
func TestLineDirective(t *testing.T) {
	res := analysistest.Run(t, mapalias.Analyzer, "mapalias/linedir")
	for _, r := range res {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				t.Errorf("%s: want a fix", d.Message)
			}
		}
	}
}
