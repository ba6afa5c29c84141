// Package neg is correct code: guarded maps used correctly, and the shapes
// that are not bugs.
package neg

import (
	"maps"
	"sort"
	"sync"
)

type Cache struct {
	mu     sync.RWMutex
	items  map[string]int
	static map[string]string // only assigned in the constructor: read-only
	once   sync.Once
	lazy   map[string]bool
}

// New fills the value before it escapes.
func New() *Cache {
	c := new(Cache)
	c.items = map[string]int{}
	c.items["zero"] = 0
	c.static = map[string]string{"a": "b"}
	c.fill()
	return c
}

// fill is only called on fresh values (a constructor helper).
func (c *Cache) fill() {
	c.items["one"] = 1
	c.items["two"] = 2
}

func (c *Cache) Get(k string) (int, string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k], c.static[k]
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.evict()
}

func (c *Cache) Delete(k string) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

// Static reads the read-only map without the lock: fine.
func (c *Cache) Static(k string) string { return c.static[k] }

// evict is only called with c.mu held (inferred from its callers).
func (c *Cache) evict() {
	if len(c.items) > 100 {
		clear(c.items)
	}
}

// setLocked requires the lock by its name.
func (c *Cache) setLocked(k string) { c.items[k] = 1 }

// bump increments k. The caller must hold c.mu.
func (c *Cache) bump(k string) { c.items[k]++ }

// +checklocks:c.mu
func (c *Cache) annotated(k string) { delete(c.items, k) }

// +checklocksignore
func (c *Cache) debugDump() int { return len(c.items) }

func (c *Cache) Batch(ks []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range ks {
		c.setLocked(k)
		c.bump(k)
		c.annotated(k)
	}
}

// TryBump writes on the TryLock success branch.
func (c *Cache) TryBump(k string) bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.items[k]++
	return true
}

// Sorted uses the map in a closure called while the lock is held.
func (c *Cache) Sorted() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	keys := make([]string, 0, len(c.items))
	for k := range c.items {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return c.items[keys[i]] < c.items[keys[j]] })
	return keys
}

// Snapshot copies under the lock; the copy is used after Unlock.
func (c *Cache) Snapshot() map[string]int {
	c.mu.RLock()
	cp := maps.Clone(c.items)
	c.mu.RUnlock()
	cp["snapshot"] = 1
	return cp
}

// Lazy initialises a map with sync.Once.
func (c *Cache) Lazy(k string) bool {
	c.once.Do(func() {
		c.lazy = map[string]bool{"x": true}
	})
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.lazy[k]
}

func (c *Cache) SetLazy(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lazy[k] = true
}

func (c *Cache) DelLazy(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.lazy, k)
}

// lock/unlock helpers carry the lock through their summaries.
func (c *Cache) lock()   { c.mu.Lock() }
func (c *Cache) unlock() { c.mu.Unlock() }

func (c *Cache) ViaHelpers(k string) {
	c.lock()
	c.items[k] = 3
	c.unlock()
}

// Deferred closure unlock.
func (c *Cache) DeferClosure(k string) {
	c.mu.Lock()
	defer func() { c.mu.Unlock() }()
	c.items[k] = 4
}

// Few: one locked and one unlocked access is not enough to infer a guard.
type Few struct {
	mu sync.Mutex
	m  map[int]int
}

func (f *Few) A()     { f.mu.Lock(); f.m[1] = 1; f.mu.Unlock() }
func (f *Few) B() int { return f.m[1] }

// Global mutex guarding a package map is not a struct field: out of scope.
var (
	gmu sync.Mutex
	gm  = map[string]int{}
)

func G() { gmu.Lock(); gm["a"]++; gmu.Unlock() }

// Generic types.
type Set[K comparable] struct {
	mu sync.Mutex
	m  map[K]struct{}
}

func (s *Set[K]) Add(k K) { s.mu.Lock(); s.m[k] = struct{}{}; s.mu.Unlock() }
func (s *Set[K]) Del(k K) { s.mu.Lock(); delete(s.m, k); s.mu.Unlock() }
func (s *Set[K]) Has(k K) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[k]
	return ok
}

// Swap: the map is taken out of the struct under the lock and replaced;
// the old map belongs to this goroutine afterwards (net/http
// Transport.CloseIdleConnections shape).
func (c *Cache) Drain() int {
	c.mu.Lock()
	m := c.items
	c.items = map[string]int{}
	c.mu.Unlock()
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

const debugCache = false

// Debug-only code under a false constant is dead (database/sql putConn
// shape).
func (c *Cache) Put(k string) {
	c.mu.Lock()
	c.items[k] = 1
	c.mu.Unlock()
	if debugCache {
		println(c.items[k])
	}
}

// withLock runs fn with the lock held (database/sql withLock shape).
func withLock(l sync.Locker, fn func()) {
	l.Lock()
	defer l.Unlock()
	fn()
}

type Conn struct {
	sync.Mutex
	stmts map[int]bool
}

func (d *Conn) Add(i int)    { d.Lock(); d.stmts[i] = true; d.Unlock() }
func (d *Conn) Remove(i int) { d.Lock(); delete(d.stmts, i); d.Unlock() }
func (d *Conn) Has(i int) bool {
	d.Lock()
	defer d.Unlock()
	return d.stmts[i]
}

func (d *Conn) Close() []int {
	var out []int
	withLock(d, func() {
		for i := range d.stmts {
			out = append(out, i)
		}
		d.stmts = nil
	})
	return out
}

// Namespace reached through another value while the caller holds the
// lock of the same type (html/template escapeTemplate shape).
type nameSpace struct {
	mu  sync.Mutex
	set map[string]*Tmpl
}

type Tmpl struct {
	name string
	ns   *nameSpace
}

func (t *Tmpl) Add(o *Tmpl) {
	t.ns.mu.Lock()
	defer t.ns.mu.Unlock()
	t.ns.set[o.name] = o
}

func (t *Tmpl) Del(name string) {
	t.ns.mu.Lock()
	defer t.ns.mu.Unlock()
	delete(t.ns.set, name)
}

func (t *Tmpl) Lookup(name string) *Tmpl {
	t.ns.mu.Lock()
	defer t.ns.mu.Unlock()
	o := t.ns.set[name]
	if o != nil {
		escape(o)
	}
	return o
}

func escape(o *Tmpl) {
	if o.ns.set[o.name] == nil {
		o.ns.set[o.name] = o
	}
}

// Len reads only the length unlocked: racy but it cannot crash; not reported.
func (c *Cache) Len() int { return len(c.items) }

// Expire holds the lock around reap; reap's only other caller is a test
// (serf Serf.reap/eraseNode shape): reap and eraseOld still require c.mu.
func (c *Cache) Expire() {
	c.mu.Lock()
	c.reap()
	c.mu.Unlock()
}

func (c *Cache) reap() { c.eraseOld() }

func (c *Cache) eraseOld() { delete(c.items, "old") }

// Conns: the map is swapped by a helper under the lock (grpc
// ClientConn.enterIdleMode / initIdleStateLocked shape).
type Conns struct {
	mu    sync.Mutex
	conns map[int]bool
}

func (c *Conns) Add(i int)    { c.mu.Lock(); c.conns[i] = true; c.mu.Unlock() }
func (c *Conns) Remove(i int) { c.mu.Lock(); delete(c.conns, i); c.mu.Unlock() }
func (c *Conns) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.conns)
}

func (c *Conns) resetLocked() { c.conns = map[int]bool{} }

func (c *Conns) Idle() {
	c.mu.Lock()
	old := c.conns
	c.resetLocked()
	c.mu.Unlock()
	for i := range old {
		_ = i
	}
}

// Server: "guards following" covers services loosely; services is only
// written by register (before serving) and read unlocked by the serving
// code (grpc Server.services shape). The package's use does not support
// the comment, so it is not enforced.
type Server struct {
	mu       sync.Mutex // guards following
	lis      map[string]bool
	services map[string]int
}

func (s *Server) register(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services[name] = len(s.services)
}

func (s *Server) Register(name string)   { s.register(name) }
func (s *Server) Lookup(name string) int { return s.services[name] }
func (s *Server) Handle(name string) bool {
	_, ok := s.services[name]
	return ok
}
func (s *Server) Info() []string {
	var out []string
	for n := range s.services {
		out = append(out, n)
	}
	return out
}

// Stream: writeHeaderLocked's name refers to the transport's lock, but
// every caller holds the stream's hdrMu (grpc http2Server shape).
type Stream struct {
	hdrMu  sync.Mutex // hdrMu protects outgoing header metadata.
	header map[string]string
}

type Transport struct {
	mu sync.Mutex
	n  int
}

func (t *Transport) WriteHeader(s *Stream, k, v string) {
	s.hdrMu.Lock()
	defer s.hdrMu.Unlock()
	s.header[k] = v
	t.writeHeaderLocked(s)
}

func (t *Transport) WriteStatus(s *Stream) {
	s.hdrMu.Lock()
	defer s.hdrMu.Unlock()
	if len(s.header) > 0 {
		t.writeHeaderLocked(s)
	}
}

func (t *Transport) writeHeaderLocked(s *Stream) {
	for k := range s.header {
		_ = k
	}
}

// Lazy initialisation through a method value passed to sync.Once.
type Index struct {
	mu   sync.Mutex
	once sync.Once
	m    map[string]int
}

func (x *Index) init() { x.m = map[string]int{"a": 1} }

func (x *Index) Get(k string) int {
	x.once.Do(x.init)
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.m[k]
}

func (x *Index) Set(k string, v int) {
	x.once.Do(x.init)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.m[k] = v
}

func (x *Index) Del(k string) {
	x.once.Do(x.init)
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.m, k)
}

// A method named init, called with the lock held (miekg/dns Server.init
// shape).
type DNSServer struct {
	lock  sync.RWMutex
	conns map[int]bool
}

func (srv *DNSServer) init() { srv.conns = map[int]bool{} }

func (srv *DNSServer) ListenAndServe() {
	srv.lock.Lock()
	defer srv.lock.Unlock()
	srv.init()
}

func (srv *DNSServer) Track(i int) {
	srv.lock.Lock()
	srv.conns[i] = true
	srv.lock.Unlock()
}

func (srv *DNSServer) Untrack(i int) {
	srv.lock.Lock()
	delete(srv.conns, i)
	srv.lock.Unlock()
}

func (srv *DNSServer) Shutdown() {
	srv.lock.RLock()
	defer srv.lock.RUnlock()
	for c := range srv.conns {
		_ = c
	}
}

// The goroutine given the map locks the owner's mutex around its use
// (nats-server client.closeConnection / saveClosedClient shape).
func (c *Cache) archive(m map[string]int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for k := range m {
		_ = k
	}
}

func (c *Cache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	go c.archive(c.items)
}

// A nil check of the field outside the lock reads the field, not the map
// (nats-server stream.inflight shape).
func (c *Cache) Clear(k string) {
	if c.items != nil {
		c.mu.Lock()
		delete(c.items, k)
		c.mu.Unlock()
	}
}

// Start initialises the map under another lock before serving (nats-server
// startMQTT shape): assigning the field is not a map access.
type Manager struct {
	mu       sync.Mutex
	sessions map[string]int
}

type Srv struct {
	mu  sync.Mutex
	mgr Manager
}

func (s *Srv) Start() {
	s.mu.Lock()
	s.mgr.sessions = map[string]int{}
	s.mu.Unlock()
}

func (m *Manager) Add(k string) { m.mu.Lock(); m.sessions[k]++; m.mu.Unlock() }
func (m *Manager) Del(k string) { m.mu.Lock(); delete(m.sessions, k); m.mu.Unlock() }
func (m *Manager) Get(k string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sessions[k]
}

// Limits is copy-on-write: updates build a new map and publish it, so a
// reference taken under the lock can be used after the unlock
// (nats-server Account.jsLimits shape).
type Limits struct {
	mu     sync.RWMutex
	limits map[string]int
}

func (l *Limits) Set(tiers []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limits = map[string]int{}
	for i, t := range tiers {
		l.limits[t] = i
	}
}

func (l *Limits) Get(t string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.limits[t]
}

func (l *Limits) Has(t string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	_, ok := l.limits[t]
	return ok
}

func (l *Limits) Usage() int {
	l.mu.RLock()
	m := l.limits
	l.mu.RUnlock()
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// match locks only when asked; callers passing false hold the lock
// (nats-server Sublist.match shape).
func (c *Cache) match(k string, doLock bool) int {
	if doLock {
		c.mu.RLock()
	}
	v := c.items[k]
	if doLock {
		c.mu.RUnlock()
	}
	return v
}

func (c *Cache) Match(k string) int { return c.match(k, true) }

// escapeAll is called with t.ns.mu held for t itself by one caller and
// for another template of the same namespace by the other (html/template
// escapeTemplate shape): both hold "a nameSpace's mu".
func escapeAll(o *Tmpl) {
	for k := range o.ns.set {
		_ = k
	}
}

func (t *Tmpl) Escape() {
	t.ns.mu.Lock()
	defer t.ns.mu.Unlock()
	escapeAll(t)
}

func (t *Tmpl) EscapeOther(name string) {
	t.ns.mu.Lock()
	defer t.ns.mu.Unlock()
	if o := t.ns.set[name]; o != nil {
		escapeAll(o)
	}
}

// A size helper closure called with the lock of the value it is given
// held, directly and from a Range callback (nats-server sendSubsToRoute).
func (t *Tmpl) Sizes(all []*Tmpl, one bool) int {
	n := 0
	size := func(o *Tmpl) {
		n += len(o.ns.set)
		for k := range o.ns.set {
			n += len(k)
		}
	}
	if one {
		t.ns.mu.Lock()
		size(t)
		t.ns.mu.Unlock()
		return n
	}
	each(all, func(o *Tmpl) {
		o.ns.mu.Lock()
		size(o)
		o.ns.mu.Unlock()
	})
	return n
}

func each(ts []*Tmpl, f func(*Tmpl)) {
	for _, t := range ts {
		f(t)
	}
}

// A mutex promoted from an embedded struct guards the map, and every
// access holds it (gcache's caches embed a baseCache holding mu).
type embBase struct {
	mu sync.RWMutex
}

type EmbCache struct {
	embBase
	items map[string]int
}

func NewEmbCache() *EmbCache {
	c := &EmbCache{}
	c.items = map[string]int{"seed": 1}
	return c
}

func (c *EmbCache) Set(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *EmbCache) Get(k string) int {
	c.embBase.mu.RLock()
	defer c.embBase.mu.RUnlock()
	return c.items[k]
}

func (c *EmbCache) Del(k string) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
}

// lenLocked requires the promoted lock by its name; Len holds it.
func (c *EmbCache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.lenLocked()
}

func (c *EmbCache) lenLocked() int { return len(c.items) }
