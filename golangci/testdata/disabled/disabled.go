// Package disabled holds a nil-map write with a //mapguard:ignore directive
// and one without, to test how disabling checks interacts with the
// directive audit.
package disabled

func ignored() map[string]int {
	var m map[string]int
	m["a"] = 1 //mapguard:ignore nilmap the test needs a nil-map write
	return m
}

func reported() map[string]int {
	var m map[string]int
	m["b"] = 2
	return m
}
