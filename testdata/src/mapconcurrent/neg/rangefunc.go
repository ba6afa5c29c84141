package neg

import (
	"iter"
	"sync"
)

// Each iteration waits for its goroutine: no two goroutines overlap.
func countEach(seq iter.Seq[string]) map[string]int {
	out := make(map[string]int)
	for s := range seq {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[s]++
		}()
		wg.Wait()
	}
	return out
}

// Each goroutine writes a map of its own.
func perElement(seq iter.Seq[string]) {
	for s := range seq {
		go func() {
			own := map[string]int{}
			own[s]++
			_ = own
		}()
	}
}
