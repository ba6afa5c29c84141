package mapkey_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapkey"
)

func TestDirect(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapkey.Analyzer, "mapkey/a"))
}
