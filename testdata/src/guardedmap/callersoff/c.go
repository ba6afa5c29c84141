package callersoff

import "sync"

type tmpl struct {
	mu    sync.Mutex
	done  map[string]bool
	names map[string]int
}

func (t *tmpl) Mark(k string) {
	t.mu.Lock()
	t.done[k] = true
	t.names[k]++
	t.mu.Unlock()
}

func (t *tmpl) Unmark(k string) {
	t.mu.Lock()
	delete(t.done, k)
	delete(t.names, k)
	t.mu.Unlock()
}

func (t *tmpl) Seen(k string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done[k] && t.names[k] > 0
}

// Escape holds the lock across a mutually recursive walk.
func (t *tmpl) Escape(k string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.escapeTree(k, n)
}

func (t *tmpl) escapeTree(k string, n int) {
	if n == 0 {
		return
	}
	t.escapeList(k, n-1)
}

func (t *tmpl) escapeList(k string, n int) {
	t.done[k] = true // want `t.done is written without holding t.mu`
	t.escapeTree(k, n)
}

// A helper called under the lock from one method and, once, before the
// value is shared from a setup function: the inference sees a caller
// without the lock.
func (t *tmpl) Rename(k string) {
	t.mu.Lock()
	t.rename(k)
	t.mu.Unlock()
}

func (t *tmpl) setup(keys []string) {
	for _, k := range keys {
		t.rename(k)
	}
}

func (t *tmpl) rename(k string) {
	t.names[k] = len(k) // want `t.names is written without holding t.mu`
}
