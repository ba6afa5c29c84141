package nilbug

import "testing"

func TestCount(t *testing.T) {
	var want map[string]int
	want["a"] = 1
	_ = want
}
