// Package good is healthy and has a finding.
package good

// Set writes to a nil map.
func Set() {
	var m map[string]int
	m["a"] = 1
}
