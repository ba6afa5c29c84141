package neg

import "sync"

// Unexported helpers whose in-package callers hold the guard, in shapes the
// "every caller holds it" inference cannot follow (mutual recursion, a
// helper also called from setup code): silent by default. The same shapes
// are reported under -guardedmap.callers=false (testdata/src/guardedmap/callersoff).

type escaper struct {
	mu    sync.Mutex
	done  map[string]bool
	names map[string]int
}

func (t *escaper) EMark(k string) {
	t.mu.Lock()
	t.done[k] = true
	t.names[k]++
	t.mu.Unlock()
}

func (t *escaper) EUnmark(k string) {
	t.mu.Lock()
	delete(t.done, k)
	delete(t.names, k)
	t.mu.Unlock()
}

func (t *escaper) ESeen(k string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done[k] && t.names[k] > 0
}

// Escape holds the lock across a mutually recursive walk.
func (t *escaper) EEscape(k string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.escapeTree(k, n)
}

func (t *escaper) escapeTree(k string, n int) {
	if n == 0 {
		return
	}
	t.escapeList(k, n-1)
}

func (t *escaper) escapeList(k string, n int) {
	t.done[k] = true
	t.escapeTree(k, n)
}

// A helper called under the lock from one method and, once, before the
// value is shared from a setup function: the inference sees a caller
// without the lock.
func (t *escaper) ERename(k string) {
	t.mu.Lock()
	t.rename(k)
	t.mu.Unlock()
}

func (t *escaper) setup(keys []string) {
	for _, k := range keys {
		t.rename(k)
	}
}

func (t *escaper) rename(k string) {
	t.names[k] = len(k)
}

// A helper closure captured by a Range callback (so it lives in a heap
// cell) and called with the guard held at both call sites.

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
			for key := range a.rm {
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

// A documented ordering contract instead of a lock: the header is written
// under hdrMu until WriteHeader, and Header must not be called before.
type stream struct {
	hdrMu  sync.Mutex
	header map[string][]string
}

func (s *stream) SetHeader(k, v string) {
	s.hdrMu.Lock()
	s.header[k] = append(s.header[k], v)
	s.hdrMu.Unlock()
}

func (s *stream) AddHeader(k, v string) {
	s.hdrMu.Lock()
	defer s.hdrMu.Unlock()
	s.header[k] = append(s.header[k], v)
}

func (s *stream) WriteHeader() int {
	s.hdrMu.Lock()
	defer s.hdrMu.Unlock()
	return len(s.header)
}

// Header returns the header metadata. It does not block and must not be
// called until after WriteHeader.
func (s *stream) Header() []string {
	return s.header["content-type"]
}
