// Package quietneg: real joins, next to timers and contexts, that order the
// starting function's later accesses after the goroutine. Must stay
// silent.
package quietneg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
)

func fetch(k string) int { return len(k) }

// A done channel the goroutine closes, waited for with a timeout whose
// branch gives up (returns).
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

// A results channel drained by the starting function; a ticker prints
// progress meanwhile from the results it already merged.
func merge(keys []string) map[string]int {
	type res struct {
		k string
		n int
	}
	results := make(chan res)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- res{k, fetch(k)}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	out := map[string]int{}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case r, ok := <-results:
			if !ok {
				return out
			}
			out[r.k] = r.n
		case <-tick.C:
			fmt.Println(len(out), "so far")
		}
	}
}

// errgroup: Wait is the join; the timeout context only bounds the work.
func group(ctx context.Context, keys []string) (map[string]int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	out := map[string]int{}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	for _, k := range keys {
		g.Go(func() error {
			n := fetch(k)
			mu.Lock()
			out[k] = n
			mu.Unlock()
			return ctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// The goroutine cancels the context when it is done: ctx.Done() is its
// completion signal.
func cancelWhenDone(keys []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	seen := map[string]bool{}
	go func() {
		defer cancel()
		for _, k := range keys {
			seen[k] = true
		}
	}()
	<-ctx.Done()
	return len(keys) - countTrue(seen)
}

func countTrue(m map[string]bool) int {
	n := 0
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}

// A deadline context whose cancel the goroutine also calls: Done fires
// either at the deadline or when the goroutine finished — the goroutine
// may end it, so it counts as a join.
func cancelOrDeadline(keys []string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	seen := map[string]bool{}
	go work(seen, keys, cancel)
	<-ctx.Done()
	return seen["x"]
}

func work(seen map[string]bool, keys []string, done func()) {
	for _, k := range keys {
		seen[k] = true
	}
	done()
}

// The cancel function kept in the server: whoever holds the server may
// end the context.
type server struct {
	stop func()
}

func (s *server) run(m map[string]int) int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	s.stop = cancel
	go s.fill(m)
	<-ctx.Done()
	return m["k"]
}

func (s *server) fill(m map[string]int) {
	m["k"] = 1
	s.stop()
}

// A context of the caller's: who cancels it is unknown.
func untilCancelled(ctx context.Context, m map[string]int) int {
	go func() {
		m["k"] = 1
	}()
	<-ctx.Done()
	return m["k"]
}

// A done channel or the caller's context, whichever comes first.
func doneOrCtx(ctx context.Context, m map[string]int) int {
	done := make(chan struct{})
	go func() {
		m["k"] = 2
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return 0
	}
	return m["k"]
}

// A signal channel the goroutine also sends on (a shutdown request from
// inside the program): receiving from it follows the goroutine's writes.
func shutdown(m map[string]int) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		m["fatal"] = 1
		sigs <- syscall.SIGTERM
	}()
	<-sigs
	fmt.Println(m["fatal"])
}

// The goroutine's own ticker loop, under the lock the reader also takes.
type stats struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *stats) poll(stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.mu.Lock()
				s.m["polls"]++
				s.mu.Unlock()
			case <-stop:
				return
			}
		}
	}()
	time.Sleep(time.Second)
	s.mu.Lock()
	fmt.Println(s.m["polls"])
	s.mu.Unlock()
}

// The map is read after a timer but before the goroutine starts.
func before(m map[string]int) {
	<-time.After(time.Millisecond)
	fmt.Println(m["a"])
	go func() { m["a"] = 1 }()
}

// WaitGroup.Wait after a sleep.
func sleepThenWait(m map[int]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[1] = 1
	}()
	time.Sleep(time.Millisecond)
	wg.Wait()
	fmt.Println(m[1])
}
