package mapaccess_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/internal/mapaccess"
	xtest "golang.org/x/tools/go/analysis/analysistest"
)

// The exported Summary facts: what each function does to maps reachable
// from its parameters (mapconcurrent's cross-package tests use them).
func TestFacts(t *testing.T) {
	xtest.Run(t, analysistest.TestData(), mapaccess.Analyzer, "mapconcurrent/helper")
}
