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

// With the flag off, the captured helper closure is reported too.

type acct struct {
	mu     sync.RWMutex
	rm     map[string]int
	Name   string
	poolIx int
}

func (a *acct) Add(k string)     { a.mu.Lock(); a.rm[k]++; a.mu.Unlock() }
func (a *acct) Del(k string)     { a.mu.Lock(); delete(a.rm, k); a.mu.Unlock() }
func (a *acct) Get(k string) int { a.mu.RLock(); defer a.mu.RUnlock(); return a.rm[k] }
func (a *acct) Len() int         { a.mu.RLock(); defer a.mu.RUnlock(); return len(a.rm) + a.rm["x"] }

type server struct {
	accounts sync.Map
}

func (s *server) send(idx int, account string) int {
	var eSize int
	est := func(a *acct, add bool) {
		if ns := len(a.rm); ns > 0 {
			if add {
				eSize += len(a.Name)
			}
			for key := range a.rm { // want `a.rm is read without holding a.mu`
				eSize += len(key)
			}
		}
	}
	accs := make([]*acct, 0, 16)
	if idx < 0 || account != "" {
		if ai, ok := s.accounts.Load(account); ok {
			a := ai.(*acct)
			a.mu.RLock()
			est(a, idx >= 0)
			accs = append(accs, a)
			a.mu.RUnlock()
		}
	} else {
		s.accounts.Range(func(k, v any) bool {
			a := v.(*acct)
			a.mu.RLock()
			if a.poolIx == idx {
				est(a, true)
				accs = append(accs, a)
			}
			a.mu.RUnlock()
			return true
		})
	}
	return eSize + len(accs)
}
