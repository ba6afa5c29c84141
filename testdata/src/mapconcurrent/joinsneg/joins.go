package joinsneg

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Put(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k]++
}

// n goroutines each send once; the counted loop receives n times (a select
// over the result and error channels): every write happens before the reads
// after the loop (actionlint's reusable-workflow cache test).
func collectSelect() int {
	c := &Cache{m: map[string]int{}}
	ret := make(chan struct{})
	errc := make(chan error)
	for i := 0; i < 5; i++ {
		go func() {
			c.Put("a")
			ret <- struct{}{}
		}()
	}
	var errs []error
	for i := 0; i < 5; i++ {
		select {
		case <-ret:
		case err := <-errc:
			errs = append(errs, err)
		}
	}
	return len(c.m) + c.m["a"] + len(errs)
}

// The same with range over an integer and a plain receive.
func collectRange() int {
	results := map[int]string{}
	var mu sync.Mutex
	done := make(chan struct{})
	for i := range 3 {
		go func() {
			mu.Lock()
			results[i] = "ok"
			mu.Unlock()
			done <- struct{}{}
		}()
	}
	for range 3 {
		<-done
	}
	return len(results)
}

// A count-down loop (i from 3 down to 1).
func collectDown() int {
	hits := map[string]int{}
	var mu sync.Mutex
	done := make(chan struct{})
	for i := 0; i < 3; i++ {
		go func() {
			mu.Lock()
			hits["k"]++
			mu.Unlock()
			done <- struct{}{}
		}()
	}
	for i := 3; i > 0; i-- {
		<-done
	}
	return hits["k"]
}
