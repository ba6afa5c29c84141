// Package quietdefault: races behind a select that waits for the goroutine
// or a timer. By default such a select counts as a join on every branch
// (the usual "wait, but give up after d" returns from its timeout branch);
// -mapconcurrent.timeouts reports these (see package quiettimeouts).
package quietdefault

import (
	"fmt"
	"time"
)

func fetch(k string) int { return len(k) }

// A timeout branch that only logs, then reads.
func waitOrLog(keys []string) int {
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
	case <-time.After(time.Second):
		fmt.Println("slow")
	}
	return out["a"]
}

// A progress loop on a ticker until the worker is done.
func progress(keys []string) {
	filled := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, k := range keys {
			filled[k]++
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
