package joins

// A counted loop orders what follows it only when its body waits.
func countedNoWait(n int) int {
	counts := map[int]int{}
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		go func() {
			counts[i] = i // want "map `counts` is written here by goroutines started in a loop at L8 \\(one per iteration\\) with no lock held"
			done <- struct{}{}
		}()
	}
	for i := 0; i < 4; i++ {
		n++ // no receive: the loop waits for nothing
	}
	return len(counts) + n
}

// A loop whose bound is not a constant may run zero times: the read after it
// is not ordered after the goroutine's write.
func variableBound(n int) bool {
	seen := map[string]bool{}
	done := make(chan bool)
	go func() {
		seen["x"] = true // want "map `seen` is written here by the goroutine started at L24 while the starting function reads it at L31 with no lock held"
		done <- true
	}()
	for i := 0; i < n; i++ {
		<-done
	}
	return seen["x"]
}
