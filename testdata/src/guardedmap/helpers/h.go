package helpers

import (
	"sync"
	"time"
)

type table struct {
	mu   sync.Mutex
	rows map[string]int
}

func (t *table) Put(k string, v int) {
	t.mu.Lock()
	t.rows[k] = v
	t.mu.Unlock()
}

func (t *table) Del(k string) {
	t.mu.Lock()
	delete(t.rows, k)
	t.mu.Unlock()
}

func (t *table) Get(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows[k]
}

func (t *table) Has(k string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.rows[k]
	return ok
}

func (t *table) Inc(k string) {
	t.mu.Lock()
	t.rows[k]++
	t.mu.Unlock()
}

func (t *table) Reset(k string) {
	t.mu.Lock()
	t.rows[k] = 0
	t.mu.Unlock()
}

// Drop's only path to the helper holds no lock: the helper's write races
// with Put and Del. No caller vouches for it, so it is still reported.
func (t *table) Drop(k string) {
	t.dropRow(k)
}

func (t *table) dropRow(k string) {
	delete(t.rows, k) // want `t.rows is written without holding t.mu`
}

// A doc comment that mentions ordering but states no contract on callers
// does not excuse the unlocked read.
//
// Lookup is called after Put in the usual flow.
func (t *table) Lookup(k string) int {
	return t.rows[k] // want `t.rows is read without holding t.mu`
}

// A method value handed to another package has callers the package cannot
// see: time.AfterFunc runs expire on its own goroutine, unlocked. A dynamic
// call of the same signature made with the lock held (t.onChange below)
// does not vouch for it.
type timedTable struct {
	mu       sync.Mutex
	rows     map[string]int
	onChange func()
}

func (t *timedTable) Put(k string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[k] = v
	t.onChange()
}

func (t *timedTable) Del(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.rows, k)
	t.onChange()
}

func (t *timedTable) Get(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows[k]
}

func (t *timedTable) ExpireLater(d time.Duration) {
	time.AfterFunc(d, t.expire)
}

func (t *timedTable) expire() {
	clear(t.rows) // want `t.rows is written without holding t.mu`
}
