package a

import "iter"

// Goroutines started in the body of a range-over-func loop: the iterator
// calls the body once per element, so there is one goroutine per element,
// all writing the same map.
func countAll(seq iter.Seq[string]) map[string]int {
	out := make(map[string]int)
	for s := range seq {
		go func() {
			out[s]++ // want `map .out. is written here by goroutines started in a loop`
		}()
	}
	return out
}
