package mapsafe

import (
	"hash/maphash"
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
)

// Map is a map guarded by read-write locks, safe for concurrent use by
// multiple goroutines. It has sync.Map's method names, but is typed, and it
// adds Compute (an atomic read-modify-write), Len, Clear, Snapshot and All.
//
// The zero Map is empty and ready for use. A Map must not be copied after
// first use; go vet's copylocks check reports copies.
//
// Internally the keys are spread over a fixed power-of-two number of shards
// (four per GOMAXPROCS at first write, at least 8, at most 256), each a
// plain Go map with its own sync.RWMutex, so that writers to different keys
// rarely contend. The shard table is allocated on the first write.
//
// Values are stored as given: Map does not copy them. Store values that are
// not mutated afterwards, or use Compute to update them under the lock.
type Map[K comparable, V any] struct {
	_ noCopy

	table atomic.Pointer[table[K, V]]
}

// noCopy makes go vet's copylocks check report copies of a Map.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type table[K comparable, V any] struct {
	seed   maphash.Seed
	mask   uint64
	shards []shard[K, V]
}

type shard[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
	_  [128 - 32]byte // keep shards on separate cache lines
}

func shardCount() int {
	n := 8
	for n < 4*runtime.GOMAXPROCS(0) && n < 256 {
		n <<= 1
	}
	return n
}

// load returns the shard table, or nil before the first write.
func (m *Map[K, V]) load() *table[K, V] { return m.table.Load() }

// tab returns the shard table, creating it if needed.
func (m *Map[K, V]) tab() *table[K, V] {
	if t := m.table.Load(); t != nil {
		return t
	}
	n := shardCount()
	t := &table[K, V]{seed: maphash.MakeSeed(), mask: uint64(n - 1), shards: make([]shard[K, V], n)}
	if m.table.CompareAndSwap(nil, t) {
		return t
	}
	return m.table.Load()
}

func (t *table[K, V]) shard(key K) *shard[K, V] {
	return &t.shards[maphash.Comparable(t.seed, key)&t.mask]
}

// Load returns the value stored for key, and whether it was present.
func (m *Map[K, V]) Load(key K) (value V, ok bool) {
	t := m.load()
	if t == nil {
		return value, false
	}
	s := t.shard(key)
	s.mu.RLock()
	value, ok = s.m[key]
	s.mu.RUnlock()
	return value, ok
}

// Store sets the value for key.
func (m *Map[K, V]) Store(key K, value V) {
	s := m.tab().shard(key)
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[K]V)
	}
	s.m[key] = value
	s.mu.Unlock()
}

// LoadOrStore returns the existing value for key if present (loaded is
// true). Otherwise it stores value and returns it (loaded is false).
func (m *Map[K, V]) LoadOrStore(key K, value V) (actual V, loaded bool) {
	if v, ok := m.Load(key); ok {
		return v, true
	}
	s := m.tab().shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[key]; ok {
		return v, true
	}
	if s.m == nil {
		s.m = make(map[K]V)
	}
	s.m[key] = value
	return value, false
}

// LoadAndDelete deletes the value for key, returning the previous value if
// any. loaded reports whether the key was present.
func (m *Map[K, V]) LoadAndDelete(key K) (value V, loaded bool) {
	t := m.load()
	if t == nil {
		return value, false
	}
	s := t.shard(key)
	s.mu.Lock()
	value, loaded = s.m[key]
	if loaded {
		delete(s.m, key)
	}
	s.mu.Unlock()
	return value, loaded
}

// Delete deletes the value for key.
func (m *Map[K, V]) Delete(key K) { m.LoadAndDelete(key) }

// Swap stores value for key and returns the previous value if any. loaded
// reports whether the key was present.
func (m *Map[K, V]) Swap(key K, value V) (previous V, loaded bool) {
	s := m.tab().shard(key)
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[K]V)
	}
	previous, loaded = s.m[key]
	s.m[key] = value
	s.mu.Unlock()
	return previous, loaded
}

// CompareAndSwap swaps the old and new values for key if the value stored
// is equal to old, as sync.Map.CompareAndSwap does. Values are compared as
// interface values (any(x) == any(old)), so, as with sync.Map, it panics if
// the values are of an incomparable type (slices, maps, funcs, or structs
// holding them). For such V use CompareAndSwapFunc.
//
// Unlike a constraint V comparable on the whole Map, this keeps Map usable
// with any value type; the check is dynamic exactly like sync.Map's.
func (m *Map[K, V]) CompareAndSwap(key K, old, new V) (swapped bool) {
	return m.CompareAndSwapFunc(key, old, new, equalAny[V])
}

// CompareAndSwapFunc is CompareAndSwap with a caller-supplied equality,
// for value types that == cannot compare. equal(current, old) is called
// with the shard locked and must not use m.
func (m *Map[K, V]) CompareAndSwapFunc(key K, old, new V, equal func(current, old V) bool) (swapped bool) {
	t := m.load()
	if t == nil {
		return false
	}
	s := t.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.m[key]
	if !ok || !equal(cur, old) {
		return false
	}
	s.m[key] = new
	return true
}

// CompareAndDelete deletes the entry for key if its value is equal to old,
// compared like CompareAndSwap (so it panics for incomparable values; see
// CompareAndDeleteFunc).
func (m *Map[K, V]) CompareAndDelete(key K, old V) (deleted bool) {
	return m.CompareAndDeleteFunc(key, old, equalAny[V])
}

// CompareAndDeleteFunc is CompareAndDelete with a caller-supplied equality.
func (m *Map[K, V]) CompareAndDeleteFunc(key K, old V, equal func(current, old V) bool) (deleted bool) {
	t := m.load()
	if t == nil {
		return false
	}
	s := t.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.m[key]
	if !ok || !equal(cur, old) {
		return false
	}
	delete(s.m, key)
	return true
}

func equalAny[V any](a, b V) bool { return any(a) == any(b) }

// Compute atomically reads, transforms and writes the entry for key.
//
// f receives the current value and whether the key is present (loaded); it
// returns the new value, and del to delete the entry instead (deleting an
// absent key is a no-op). Compute returns the value now stored and whether
// the key is present afterwards. f is called exactly once, with the key's
// shard locked, so no other goroutine can read or write key in between: f
// must be quick and must not call methods of m.
//
// This is the safe replacement for a read-modify-write such as m[k]++.
// Writing it as
//
//	v, _ := m.Load(k)
//	m.Store(k, v+1)
//
// is still a race even though each call is safe on its own: two goroutines
// may both Load the same v and both Store v+1, losing one increment.
func (m *Map[K, V]) Compute(key K, f func(old V, loaded bool) (newValue V, del bool)) (value V, ok bool) {
	s := m.tab().shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	old, loaded := s.m[key]
	nv, del := f(old, loaded)
	if del {
		if loaded {
			delete(s.m, key)
		}
		var zero V
		return zero, false
	}
	if s.m == nil {
		s.m = make(map[K]V)
	}
	s.m[key] = nv
	return nv, true
}

// Range calls f for each key and value in the map, stopping when f returns
// false. Like sync.Map.Range it is not a consistent snapshot of the whole
// map: each shard is copied under its read lock and then visited without
// any lock held, so f may call any method of m. No key is visited twice.
// Use Snapshot or All for a consistent view.
func (m *Map[K, V]) Range(f func(key K, value V) bool) {
	t := m.load()
	if t == nil {
		return
	}
	type kv struct {
		k K
		v V
	}
	var buf []kv
	for i := range t.shards {
		s := &t.shards[i]
		buf = buf[:0]
		s.mu.RLock()
		for k, v := range s.m {
			buf = append(buf, kv{k, v})
		}
		s.mu.RUnlock()
		for _, e := range buf {
			if !f(e.k, e.v) {
				return
			}
		}
	}
}

// rlockAll read-locks every shard in order; writers hold at most one shard
// lock at a time, so this cannot deadlock.
func (t *table[K, V]) rlockAll() {
	for i := range t.shards {
		t.shards[i].mu.RLock()
	}
}

func (t *table[K, V]) runlockAll() {
	for i := range t.shards {
		t.shards[i].mu.RUnlock()
	}
}

// Len returns the number of entries, read consistently across shards.
func (m *Map[K, V]) Len() int {
	t := m.load()
	if t == nil {
		return 0
	}
	t.rlockAll()
	defer t.runlockAll()
	n := 0
	for i := range t.shards {
		n += len(t.shards[i].m)
	}
	return n
}

// Clear deletes all entries atomically.
func (m *Map[K, V]) Clear() {
	t := m.load()
	if t == nil {
		return
	}
	for i := range t.shards {
		t.shards[i].mu.Lock()
	}
	for i := range t.shards {
		clear(t.shards[i].m)
	}
	for i := range t.shards {
		t.shards[i].mu.Unlock()
	}
}

// Snapshot returns a new plain map holding every entry, taken atomically
// with all shards read-locked. Values are not copied (wrap the result in
// DeepCopyMap for that). The result is never nil.
func (m *Map[K, V]) Snapshot() map[K]V {
	t := m.load()
	if t == nil {
		return map[K]V{}
	}
	t.rlockAll()
	defer t.runlockAll()
	n := 0
	for i := range t.shards {
		n += len(t.shards[i].m)
	}
	out := make(map[K]V, n)
	for i := range t.shards {
		for k, v := range t.shards[i].m {
			out[k] = v
		}
	}
	return out
}

// All returns an iterator over a Snapshot of the map, taken when iteration
// starts. The loop body may call any method of m.
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range m.Snapshot() {
			if !yield(k, v) {
				return
			}
		}
	}
}
