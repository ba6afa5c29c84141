// Package demo holds one real-looking bug per mapguard check. `make demo`
// runs mapguard on it; every finding below is intentional.
package demo

// wordCounts forgets to make its map: the first word panics with
// "assignment to entry in nil map".
func wordCounts(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		counts[w]++
	}
	return counts
}

var _ = wordCounts
