// Package clean has no map bug.
package clean

// Count counts words into a map it makes.
func Count(words []string) map[string]int {
	counts := make(map[string]int)
	for _, w := range words {
		counts[w]++
	}
	return counts
}
