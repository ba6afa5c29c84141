package guardedmap_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/guardedmap"
)

func TestInferred(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/a"))
}

func TestAnnotated(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/ann"))
}

func TestCrossPackage(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/xuse"))
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, guardedmap.Analyzer, "guardedmap/neg", "guardedmap/xdef")
}

func TestFix(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.RunWithSuggestedFixes(t, guardedmap.Analyzer, "guardedmap/fix"))
}
