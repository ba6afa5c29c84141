package mapconcurrent_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapconcurrent"
)

// Counted loops: a constant-bound loop that receives orders the reads after
// it; one that waits for nothing, or whose bound may be zero, does not.
func TestCountedJoins(t *testing.T) {
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/joins")
	analysistest.AssertRelated(t, res)
}

// Counted receive loops (select, range over an int, counting down) and
// HTTP handlers of test files (stubs serving the test's own sequential
// requests) stay silent.
func TestCountedJoinsAndTestHandlersNegative(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/joinsneg")
}
