package lockset_test

import (
	"os"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
)

func TestDebugDir(t *testing.T) {
	dir := os.Getenv("LOCKSET_DEBUG_DIR")
	if dir == "" {
		t.Skip("LOCKSET_DEBUG_DIR not set")
	}
	analysistest.RunDir(t, dir, probe, os.Getenv("LOCKSET_DEBUG_PKG"))
}
