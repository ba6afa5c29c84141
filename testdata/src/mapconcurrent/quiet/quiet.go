// Package quiet: the starting function "waits" on a channel that no
// goroutine can signal — a timer, a ticker, a deadline, an OS signal — and
// then touches the map the goroutine writes. The runtime aborts with
// "concurrent map read and map write" whenever the goroutine is slower
// than the timer.
package quiet

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func crawl(url string) int { return len(url) }

// The classic "give the workers a second" wait.
func sleepAfter(urls []string) map[string]int {
	sizes := map[string]int{}
	go func() {
		for _, u := range urls {
			sizes[u] = crawl(u) // want "map `sizes` is written here by the goroutine started at L22 while the starting function iterates it at L28 with no lock held"
		}
	}()
	<-time.After(time.Second)
	return copyOf(sizes)
}

func copyOf(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// time.Sleep never waited for anything.
func sleep(keys []string) bool {
	seen := map[string]bool{}
	go func() {
		for _, k := range keys {
			seen[k] = true // want "map `seen` is written here by the goroutine started at L42 while the starting function reads it at L48 with no lock held"
		}
	}()
	time.Sleep(100 * time.Millisecond)
	return seen[keys[0]]
}

// A progress reporter ranging over a ticker while the loader fills the map.
func progress(rows []string) {
	loaded := make(map[string]int)
	go load(rows, loaded)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		if _, ok := loaded[rows[len(rows)-1]]; ok {
			return
		}
	}
}

func load(rows []string, into map[string]int) {
	for i, r := range rows {
		into[r] = i // want "map `into` is written here by the goroutine started at L54 while the starting function reads it at L58 with no lock held"
	}
}

// A one-shot timer used as a grace period before dumping the state.
func grace(ids []int) {
	state := map[int]string{}
	go func() {
		for _, id := range ids {
			state[id] = "up" // want "map `state` is written here by the goroutine started at L73 while the starting function iterates it at L80 with no lock held"
		}
	}()
	t := time.NewTimer(50 * time.Millisecond)
	<-t.C
	for id, s := range state {
		fmt.Println(id, s)
	}
}

// A deadline context whose cancel only the starting function holds: Done
// fires when the time is up, whatever the goroutine is doing.
func deadline(jobs []string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	results := map[string]bool{}
	go func() {
		for _, j := range jobs {
			results[j] = true // want "map `results` is written here by the goroutine started at L91 while the starting function reads it at L97 with no lock held"
		}
	}()
	<-ctx.Done()
	return results[jobs[0]]
}

// A daemon waiting for SIGTERM, then saving the table the worker keeps
// writing.
func daemon(table map[string]int, events <-chan string) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for e := range events {
			table[e]++ // want "map `table` is written here by the goroutine started at L105 while the starting function iterates it at L111 with no lock held"
		}
	}()
	<-sigs
	for k, v := range table {
		fmt.Println(k, v)
	}
}

// The same with the signal channel captured by a closure that only
// receives from it, and a select on the signal or a timer.
func daemonSelect(table map[string]int, events <-chan string) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		for e := range events {
			table[e] = 1 // want "map `table` is written here by the goroutine started at L122 while the starting function writes it at L136 with no lock held"
		}
	}()
	logSig := func() {
		s := <-sigs
		fmt.Println("got", s)
	}
	_ = logSig
	select {
	case <-sigs:
	case <-time.After(time.Minute):
	}
	clear(table)
}

// signal.NotifyContext: the context ends on Ctrl-C only.
func untilInterrupt(hits map[string]int, in <-chan string) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		for k := range in {
			hits[k]++ // want "map `hits` is written here by the goroutine started at L143 while the starting function iterates it at L149 with no lock held"
		}
	}()
	<-ctx.Done()
	for k := range hits {
		fmt.Println(k)
	}
}

// time.Tick, and a timeout that may be disabled (nil channel).
func tick(m map[int]int, d time.Duration) {
	go func() {
		for i := range 100 {
			m[i] = i // want "map `m` is written here by the goroutine started at L156 while the starting function reads it at L169 with no lock held"
		}
	}()
	var timeout <-chan time.Time
	if d > 0 {
		timeout = time.After(d)
	}
	select {
	case <-timeout:
	case <-time.Tick(time.Second):
	}
	fmt.Println(m[0])
}

// WithCancel over a deadline context: the cancel stays here, so only the
// deadline ends it.
func nested(m map[string]string) {
	parent, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	defer cancel()
	ctx, cancel2 := context.WithCancel(parent)
	defer cancel2()
	go func() {
		m["a"] = "b" // want "map `m` is written here by the goroutine started at L179 while the starting function reads it at L183"
	}()
	<-ctx.Done()
	fmt.Println(m["a"])
}
