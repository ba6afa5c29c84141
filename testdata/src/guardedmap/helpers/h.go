package helpers

import "sync"

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

// Drop's only path to the helper holds no lock: the helper's write races
// with Put and Del. No caller vouches for it, so it is still reported.
func (t *table) Drop(k string) {
	t.dropRow(k)
}

func (t *table) dropRow(k string) {
	delete(t.rows, k) // want `t.rows is written without holding t.mu`
}
