// Package quiettimeouts: with -mapconcurrent.timeouts, a select on a join
// and a timer waits for the goroutine only on the join's branch.
package quiettimeouts

import (
	"errors"
	"fmt"
	"time"
)

func fetch(k string) int { return len(k) }

// The timeout branch logs and falls through to the read: when the worker
// is slow, it still writes while the map is read.
func waitOrLog(keys []string) int {
	out := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			out[k] = fetch(k) // want "map `out` is written here by the goroutine started at L18 while the starting function reads it at L29 with no lock held"
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		fmt.Println("slow")
	}
	return out["a"]
}

// A progress loop: every tick reads the map the worker fills.
func progress(keys []string) {
	filled := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			filled[k]++ // want "map `filled` is written here by the goroutine started at L36 while the starting function reads it at L49 with no lock held"
		}
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			fmt.Println(filled[keys[0]], "of", len(keys))
		}
	}
}

// The timeout branch returns: the read after the select runs only after
// done was closed. Silent with the flag too.
func waitOrGiveUp(keys []string) (map[string]int, error) {
	out := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			out[k] = fetch(k)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		return nil, errors.New("timeout")
	}
	return out, nil
}

// The read is in the joining case's body.
func readOnDone(keys []string) int {
	out := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		out[keys[0]] = 1
	}()
	select {
	case <-done:
		return out[keys[0]]
	case <-time.After(time.Second):
		return -1
	}
}
