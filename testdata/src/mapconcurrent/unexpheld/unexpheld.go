// Package unexpheld is correct code checked with -mapconcurrent.unexported:
// an unexported helper documented as running under the caller's lock, whose
// caller takes the lock that a timer callback also takes.
package unexpheld

import (
	"sync"
	"time"
)

type queue struct {
	mu      sync.Mutex
	waiting map[uint64]time.Time
	timer   *time.Timer
	quit    chan struct{}
}

func newQueue() *queue {
	q := &queue{waiting: make(map[uint64]time.Time), quit: make(chan struct{})}
	// Not yet shared: no lock needed.
	q.next()
	return q
}

func (q *queue) arm(d time.Duration) {
	if q.timer == nil {
		q.timer = time.AfterFunc(d, q.expire)
	} else {
		q.timer.Reset(d)
	}
}

// expire drops old entries; runs on the timer's goroutine.
func (q *queue) expire() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for seq, at := range q.waiting {
		if time.Since(at) > time.Minute {
			delete(q.waiting, seq)
		}
	}
}

// next picks the lowest waiting sequence; run calls it under q.mu.
func (q *queue) next() uint64 {
	var low uint64
	for seq := range q.waiting {
		if low == 0 || seq < low {
			low = seq
		}
	}
	if low != 0 {
		delete(q.waiting, low)
	}
	return low
}

func (q *queue) run() {
	for {
		select {
		case <-q.quit:
			return
		default:
		}
		q.mu.Lock()
		seq := q.next()
		q.mu.Unlock()
		if seq == 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

func (q *queue) start() {
	q.arm(time.Second)
	go q.run()
}
