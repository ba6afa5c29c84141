// Package fixture is what the golangci-lint integration test lints: one
// nil-map write reported, one silenced by golangci-lint's //nolint:mapguard,
// one by mapguard's own //mapguard:ignore.
package fixture

// Count forgets to make the map: the first word panics.
func Count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		counts[w]++
	}
	return counts
}

func Silenced() map[string]int {
	var m map[string]int
	m["x"] = 1 //nolint:mapguard // the test checks that golangci-lint's nolint silences mapguard
	return m
}

func Ignored() map[string]int {
	var m map[string]int
	m["y"] = 2 //mapguard:ignore nilmap the test checks mapguard's own directive under golangci-lint
	return m
}
