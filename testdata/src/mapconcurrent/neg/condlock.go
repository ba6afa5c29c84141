package neg

import (
	"sync"
	"sync/atomic"
)

// Conditional locking: a bool parameter decides whether the helper takes
// the lock. Exported entry points pass true; callers that already hold the
// lock pass false. A background trimmer deletes under the write lock.
type index struct {
	sync.RWMutex
	memo     map[string][]int
	trimming int32
}

func (x *index) Find(key string) []int { return x.find(key, true) }

func (x *index) Has(key string) bool { return x.has(key, true) }

// findHeld is called by code that already holds x's lock.
func (x *index) findHeld(key string) []int { return x.find(key, false) }

func (x *index) Rebuild(keys []string) {
	x.Lock()
	defer x.Unlock()
	for _, k := range keys {
		_ = x.findHeld(k)
	}
}

func (x *index) find(key string, locking bool) []int {
	if locking {
		x.RLock()
	}
	hit, ok := x.memo[key]
	if locking {
		x.RUnlock()
	}
	if ok {
		return hit
	}
	res := []int{len(key)}
	if locking {
		x.Lock()
	}
	x.memo[key] = res
	n := len(x.memo)
	if locking {
		x.Unlock()
	}
	if n > 100 && atomic.CompareAndSwapInt32(&x.trimming, 0, 1) {
		go x.trim()
	}
	return res
}

func (x *index) has(key string, locking bool) bool {
	if locking {
		x.RLock()
		defer x.RUnlock()
	}
	_, ok := x.memo[key]
	return ok
}

func (x *index) trim() {
	defer atomic.StoreInt32(&x.trimming, 0)
	x.Lock()
	for k := range x.memo {
		delete(x.memo, k)
		if len(x.memo) < 50 {
			break
		}
	}
	x.Unlock()
}

// The same with the negated test: `if !nolock { lock }`.
type tally struct {
	mu sync.Mutex
	n  map[string]int
}

func (t *tally) Add(k string) { t.add(k, false) }

func (t *tally) add(k string, nolock bool) {
	if !nolock {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	t.n[k]++
}

func (t *tally) Flush() {
	go t.reset()
}

func (t *tally) reset() {
	t.mu.Lock()
	clear(t.n)
	t.mu.Unlock()
}

// Many goroutines calling the conditional-lock entry point.
func hammer(x *index) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x.Find("k")
			x.Has("k")
		}()
	}
	wg.Wait()
}
