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
