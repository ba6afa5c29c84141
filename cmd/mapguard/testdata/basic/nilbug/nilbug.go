// Package nilbug forgets to make its map.
package nilbug

// Count counts words; the map is never made.
func Count(words []string) map[string]int {
	var counts map[string]int
	for _, w := range words {
		counts[w]++
	}
	return counts
}
