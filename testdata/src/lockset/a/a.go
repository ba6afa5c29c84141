// Package a exercises the lockset engine. probe() reports the locks held
// on all paths (held=) and on some path (may=) where it is called.
package a

import "sync"

func probe() {}

type C struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
}

func (c *C) Basic() {
	probe() // want `held=\[\] may=\[\]`
	c.mu.Lock()
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	c.mu.Unlock()
	probe() // want `held=\[\] may=\[\]`
}

func (c *C) Deferred() {
	c.rw.RLock()
	defer c.rw.RUnlock()
	probe() // want `held=\[c.rw:read-locked\] may=\[c.rw:read-locked\]`
}

func (c *C) Branch(b bool) {
	if b {
		c.mu.Lock()
	}
	probe() // want `held=\[\] may=\[c.mu:locked\]`
	if b {
		c.mu.Unlock()
	}
}

func (c *C) BothBranches(b bool) { // want `summary lockset acquires\(param0.rw\)`
	if b {
		c.rw.Lock()
	} else {
		c.rw.RLock()
	}
	probe() // want `held=\[c.rw:read-locked\] may=\[c.rw:locked\]`
}

func (c *C) Loop(n int) {
	for i := 0; i < n; i++ {
		c.mu.Lock()
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
		c.mu.Unlock()
	}
	probe() // want `held=\[\] may=\[\]`
}

func (c *C) Try() {
	if c.mu.TryLock() {
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
		c.mu.Unlock()
		return
	}
	probe() // want `held=\[\] may=\[\]`
}

func (c *C) TryNot() {
	if !c.rw.TryRLock() {
		probe() // want `held=\[\] may=\[\]`
		return
	}
	probe() // want `held=\[c.rw:read-locked\] may=\[c.rw:read-locked\]`
	c.rw.RUnlock()
}

func (c *C) Panics(b bool) {
	c.mu.Lock()
	if b {
		c.mu.Unlock()
		panic("x")
	}
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	c.mu.Unlock()
}

// Embedded mutex: c.Lock() locks the embedded field.
type E struct {
	sync.Mutex
	m map[int]int
}

func (e *E) Get() {
	e.Lock()
	defer e.Unlock()
	probe() // want `held=\[e.Mutex:locked\] may=\[e.Mutex:locked\]`
}

// Package-level mutex.
var (
	gmu sync.RWMutex
	gm  = map[string]int{}
)

func Global() {
	gmu.RLock()
	probe() // want `held=\[gmu:read-locked\] may=\[gmu:read-locked\]`
	gmu.RUnlock()
}

// Nested field path.
type State struct {
	mu sync.Mutex
	m  map[int]int
}

type S struct{ state *State }

func (s *S) Nested() {
	s.state.mu.Lock()
	probe() // want `held=\[s.state.mu:locked\] may=\[s.state.mu:locked\]`
	s.state.mu.Unlock()
}

// Local mutex captured by a goroutine closure.
func Captured() {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		mu.Lock()
		probe() // want `held=\[mu:locked\] may=\[mu:locked\]`
		mu.Unlock()
		done <- true
	}()
	<-done
}

// A closure called in place inherits the creator's locks; a goroutine does not.
func (c *C) Closures() {
	c.mu.Lock()
	defer c.mu.Unlock()
	func() {
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	}()
	go func() {
		probe() // want `held=\[\] may=\[\]`
	}()
}

// sync.Locker values and RLocker.
func Locker(l sync.Locker, rw *sync.RWMutex) {
	l.Lock()
	probe() // want `held=\[l:locked\] may=\[l:locked\]`
	l.Unlock()
	r := rw.RLocker()
	r.Lock()
	probe() // want `held=\[rw:read-locked\] may=\[rw:read-locked\]`
	r.Unlock()
}

// Helpers: summaries travel to callers.
func (c *C) lock() { c.mu.Lock() } // want `summary lockset acquires\(param0.mu\)`

func (c *C) unlock() { c.mu.Unlock() } // want `summary lockset requires\(param0.mu\) releases\(param0.mu\)`

func (c *C) Helpers() {
	c.lock()
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	c.unlock()
	probe() // want `held=\[\] may=\[\]`
}

// Requirements.

// +checklocks:c.mu
func (c *C) annotated() { // want `summary lockset requires\(param0.mu\)`
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
}

func (c *C) getLocked() { // want `summary lockset requires\(param0.mu,param0.rw\)`
	probe() // want `held=\[c.mu:locked c.rw:locked\] may=\[c.mu:locked c.rw:locked\]`
}

// size returns the number of items. The caller must hold c.mu.
func (c *C) size() int { // want `summary lockset requires\(param0.mu\)`
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	return len(c.items)
}

// helper is only called with c.rw read-locked: inferred.
func (c *C) helper() { // want `summary lockset requires\(param0.rw\)`
	probe() // want `held=\[c.rw:read-locked\] may=\[c.rw:read-locked\]`
}

func (c *C) Caller1() {
	c.rw.RLock()
	defer c.rw.RUnlock()
	c.helper()
	c.annotated()
}

func (c *C) Caller2() {
	c.rw.Lock()
	c.helper()
	c.rw.Unlock()
}

// deferUnlockClosure releases through a deferred closure.
func (c *C) DeferClosure() {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
}

// LockAndReturn returns with the lock held.
func (c *C) LockAndReturn() { // want `summary lockset acquires\(param0.rw\)`
	c.rw.Lock()
}

var pkgMu sync.Mutex

// lockPkg acquires a package-level mutex.
func lockPkg() { pkgMu.Lock() } // want `summary lockset acquires\(lockset/a.pkgMu\)`

func usePkg() {
	lockPkg()
	probe() // want `held=\[pkgMu:locked\] may=\[pkgMu:locked\]`
	pkgMu.Unlock()
}

// withLock calls fn with mu held: closures passed to it inherit mu.
func withLock(mu *sync.Mutex, fn func()) { // want `summary lockset callback1\(param0\)`
	mu.Lock()
	defer mu.Unlock()
	fn()
}

func (c *C) ViaCallback() {
	withLock(&c.mu, func() {
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	})
}

type NS struct {
	mu  sync.Mutex
	set map[string]int
}

type Tmpl struct{ ns *NS }

// lookup holds t.ns.mu and calls escape on another template: escape
// requires the lock at type level.
func (t *Tmpl) Lookup(o *Tmpl) {
	t.ns.mu.Lock()
	defer t.ns.mu.Unlock()
	escape(o)
}

func escape(o *Tmpl) { // want `summary lockset requires\(type\(lockset/a.NS\).mu\)`
	probe() // want `held=\[t.ns.mu:locked\] may=\[t.ns.mu:locked\]`
}

type group struct{}

// Only called with c.mu held: they require it at type level.
func (group) Go(f func())    { go f() } // want `summary lockset requires\(type\(lockset/a.C\).mu\)`
func (group) TryGo(f func()) { go f() } // want `summary lockset requires\(type\(lockset/a.C\).mu\)`

// Closures given to goroutine-starting calls inherit nothing.
func (c *C) Async(g group) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g.Go(func() {
		probe() // want `held=\[\] may=\[\]`
	})
	g.TryGo(func() {
		probe() // want `held=\[\] may=\[\]`
	})
}

// The receiver is captured by a closure (so SSA spills it): a requirement
// on c.mu still matches c.mu at the call.
// refresh requires c.mu. Caller must hold c.mu.
func (c *C) refresh() { // want `summary lockset requires\(param0.mu\)`
	f := func() { _ = c.items }
	f()
	c.update()
}

func (c *C) update() { // want `summary lockset requires\(param0.mu\)`
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
}

func (c *C) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refresh()
	go func() {
		c.mu.Lock()
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
		c.mu.Unlock()
	}()
}

// termLocked requires c.mu by its name but locks it itself when asked
// (nats-server consumer.processTermLocked shape): the deferred unlock
// balances its own Lock, so callers keep the lock.
func (c *C) termLocked(needLock bool) { // want `summary lockset requires\(param0.mu,param0.rw\)`
	if needLock {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
}

func (c *C) next() { // want `summary lockset requires\(param0.mu,param0.rw\)`
	c.termLocked(false)
	probe() // want `held=\[c.mu:locked c.rw:locked\] may=\[c.mu:locked c.rw:locked\]`
}

func (c *C) Next() {
	c.mu.Lock()
	c.rw.Lock()
	c.next()
	c.rw.Unlock()
	c.mu.Unlock()
}

// addURLs adds. Write lock is held on entry.
func (c *C) addURLs() { // want `summary lockset requires\(param0.mu,param0.rw\)`
	probe() // want `held=\[c.mu:locked c.rw:locked\] may=\[c.mu:locked c.rw:locked\]`
}

// dropURL drops. Lock held.
func (c *C) dropURL() { // want `summary lockset requires\(param0.mu,param0.rw\)`
}

// merge merges. The rw lock is assumed to be held.
func (c *C) merge() { // want `summary lockset requires\(param0.rw\)`
}

// Unlocked returns with the lock held.
func (c *C) relock() { // want `summary lockset acquires\(param0.mu\)`
	c.mu.Lock()
}

type Engine struct{ mu sync.Mutex }

// applyLocked applies. C lock must be held.
func (e *Engine) applyLocked(o *C) { // want `summary lockset requires\(param1.mu,param1.rw\)`
	probe() // want `held=\[o.mu:locked o.rw:locked\] may=\[o.mu:locked o.rw:locked\]`
}

// A helper closure called from inside another closure that holds the lock
// (nats-server sendSubsToRoute estimateProtosSize shape).
func (c *C) Nested(each func(func())) {
	size := func() {
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	}
	each(func() {
		c.mu.Lock()
		size()
		c.mu.Unlock()
	})
}

// resolve drops the lock for a slow call and takes it back on return
// (nats-server configureResolver shape): no release effect for callers.
func (c *C) resolve(slow bool) { // want `summary lockset requires\(param0.mu\)`
	if slow {
		c.mu.Unlock()
		defer c.mu.Lock()
	}
}

func (c *C) Reload(slow bool) {
	c.mu.Lock()
	c.resolve(slow)
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
	c.mu.Unlock()
}

type authFn func(string) bool

func checkAuth(f authFn) bool { return f("x") } // want `summary lockset requires\(type\(lockset/a.C\).mu\)`

// A closure converted to a named func type and passed to a synchronous
// helper (nats-server checkClientTLSCertSubject shape).
func (c *C) Auth() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return checkAuth(func(u string) bool {
		probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
		return u != ""
	})
}

// A helper reached only through a defer in a function that holds the
// caller's lock to its end runs under that lock (gcache's evict deferring
// c.remove(key)); a defer under a lock the function takes itself says
// nothing (its Unlock may run first).
func (c *C) evictOne() { // want `summary lockset requires\(param0.mu\)`
	defer c.dropOne()
	probe() // want `held=\[c.mu:locked\] may=\[c.mu:locked\]`
}

func (c *C) dropOne() { // want `summary lockset requires\(param0.mu\)`
	delete(c.items, "x")
}

func (c *C) Evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evictOne()
}

func (c *C) Sweep() {
	c.mu.Lock()
	defer c.sweepOne()
	c.mu.Unlock()
}

func (c *C) sweepOne() {
	delete(c.items, "y")
}

// tidyLocked-style helper documented in other words; it has no caller.
// The caller is responsible for locking c.mu.
func (c *C) tidy() { // want `summary lockset requires\(param0.mu\)`
	delete(c.items, "z")
}

// expire expects c.rw to be held.
func (c *C) expire() { // want `summary lockset requires\(param0.rw\)`
	delete(c.items, "w")
}
