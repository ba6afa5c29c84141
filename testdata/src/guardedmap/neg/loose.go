package neg

import "sync"

// Loose guard comments that are ambiguous stay out: "the maps" with two
// mutexes, "the map" with two maps, "some of the maps". Each map has two
// locked writers and one unlocked reader: too few locked functions for
// inference (min 3), enough for an accepted loose comment (4 of 5), so
// only the comment rule could report them.

type TwoLocks struct {
	a    map[string]int
	mu   sync.Mutex // protects the maps
	stMu sync.Mutex
}

func (t *TwoLocks) SetA(k string)     { t.mu.Lock(); t.a[k] = 1; t.mu.Unlock() }
func (t *TwoLocks) DelA(k string)     { t.mu.Lock(); delete(t.a, k); t.mu.Unlock() }
func (t *TwoLocks) GetA(k string) int { return t.a[k] }

type TwoMaps struct {
	mu  sync.Mutex // protects the map
	byK map[string]int
	byV map[int]string
}

func (t *TwoMaps) Put(k string, v int) { t.mu.Lock(); t.byK[k] = v; t.byV[v] = k; t.mu.Unlock() }
func (t *TwoMaps) Del(v int)           { t.mu.Lock(); delete(t.byV, v); t.mu.Unlock() }
func (t *TwoMaps) Key(v int) string    { return t.byV[v] }

type Partial struct {
	mu   sync.Mutex // protects some of the maps
	hot  map[string]int
	cold map[string]int
}

func (p *Partial) Warm(k string)     { p.mu.Lock(); p.hot[k]++; p.cold[k]++; p.mu.Unlock() }
func (p *Partial) Drop(k string)     { p.mu.Lock(); delete(p.cold, k); p.mu.Unlock() }
func (p *Partial) Cold(k string) int { return p.cold[k] }

// A loose comment needs the package's use to agree: here the map is
// mostly used without the lock (the comment is stale).
type Stale struct {
	lock  sync.Mutex // protects all fields
	names map[string]bool
}

func (s *Stale) Add(n string)      { s.lock.Lock(); s.names[n] = true; s.lock.Unlock() }
func (s *Stale) A2(n string)       { s.names[n] = true }
func (s *Stale) A3(n string)       { delete(s.names, n) }
func (s *Stale) Has(n string) bool { return s.names[n] }

// "Mutex for <purpose>" names no field even when a word of the purpose is
// a field name (amqp091's destructor mutex mentions "closing channels").
type Teardown struct {
	destructor sync.Mutex // Mutex for teardown: notifying listeners, closing channels
	channels   map[int]bool
}

func (t *Teardown) Open(id int)  { t.destructor.Lock(); t.channels[id] = true; t.destructor.Unlock() }
func (t *Teardown) Close(id int) { t.destructor.Lock(); delete(t.channels, id); t.destructor.Unlock() }
func (t *Teardown) Has(id int) bool {
	return t.channels[id]
}
