package mapvalue_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapvalue"
)

func TestJSON(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapvalue.Analyzer, "mapvalue/jsonpos"))
}

func TestDecoders(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapvalue.Analyzer, "mapvalue/decoders"))
}

func TestStored(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapvalue.Analyzer, "mapvalue/stored"))
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, mapvalue.Analyzer, "mapvalue/neg")
}

func TestCrossPackage(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapvalue.Analyzer, "mapvalue/cfglib", "mapvalue/cfguse"))
	analysistest.RunNegative(t, mapvalue.Analyzer, "mapvalue/cfgneg")
}

func TestFix(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.RunWithSuggestedFixes(t, mapvalue.Analyzer, "mapvalue/fix"))
}

func TestDeadCasesFlag(t *testing.T) {
	analysistest.RunNegative(t, mapvalue.Analyzer, "mapvalue/deadcases_off")
	if err := mapvalue.Analyzer.Flags.Set("deadcases", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapvalue.Analyzer.Flags.Set("deadcases", "false")
	analysistest.AssertRelated(t, analysistest.Run(t, mapvalue.Analyzer, "mapvalue/deadcases"))
}
