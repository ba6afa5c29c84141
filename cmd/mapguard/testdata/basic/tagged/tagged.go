//go:build special

// Package tagged has a bug only built with -tags=special.
package tagged

// Special writes to a nil map.
func Special() {
	var m map[string]string
	m["k"] = "v"
}
