package mapalias_test

import (
	"testing"

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
