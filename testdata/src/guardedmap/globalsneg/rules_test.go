package globalsneg

import "testing"

// Tests touch the maps without locks: test files are not checked.
func TestReg(t *testing.T) {
	reg["t"] = "1"
	delete(stats, "t")
	_ = reg["t"]
}
