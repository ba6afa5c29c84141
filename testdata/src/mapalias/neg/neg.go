// Package neg holds correct code that mapalias must leave alone.
package neg

import (
	"maps"
	"sync"
)

// An alias that is only read.
func lookup(base map[string]int, k string) int {
	m := base
	return m[k]
}

// addDefaults fills the caller's map: writing to a parameter directly is
// what the function is for.
func addDefaults(labels map[string]string) {
	labels["team"] = "core"
}

// With chains on purpose: it fills the given map and returns it.
func With(m map[string]int, k string, v int) map[string]int {
	m[k] = v
	return m
}

// A map built locally and returned.
func index(words []string) map[string]int {
	out := make(map[string]int, len(words))
	for i, w := range words {
		out[w] = i
	}
	return out
}

// A value receiver that mutates its map field on purpose and returns
// nothing: the map is meant to be shared.
type Counter struct {
	hits map[string]int
}

func (c Counter) Hit(k string) { c.hits[k]++ }

// Builders that copy first.
type Options struct {
	Headers map[string]string
	Tags    map[string]bool
}

func (o Options) WithHeader(k, v string) Options {
	o.Headers = maps.Clone(o.Headers)
	if o.Headers == nil {
		o.Headers = make(map[string]string)
	}
	o.Headers[k] = v
	return o
}

func (o Options) WithTag(t string) Options {
	if o.Tags == nil {
		o.Tags = map[string]bool{}
	} else {
		o.Tags = maps.Clone(o.Tags)
	}
	o.Tags[t] = true
	return o
}

func (o Options) WithHeaders(h map[string]string) Options {
	merged := make(map[string]string, len(o.Headers)+len(h))
	maps.Copy(merged, o.Headers)
	maps.Copy(merged, h)
	o.Headers = merged
	return o
}

// A pointer receiver builder mutates its own value.
type Builder struct {
	h map[string]string
}

func (b *Builder) Set(k, v string) *Builder {
	b.h[k] = v
	return b
}

// A map type with value-receiver methods is a reference on purpose.
type Set map[string]bool

func (s Set) Add(k string) Set {
	s[k] = true
	return s
}

// Ranging over maps of maps mutates the inner maps on purpose.
func tagAll(groups map[string]map[string]string, k, v string) {
	for _, g := range groups {
		g[k] = v
	}
}

// Lazy initialisation: the alias is stored back where it came from.
type lazy struct {
	m map[string]int
}

func (l *lazy) add(k string) map[string]int {
	m := l.m
	if m == nil {
		m = make(map[string]int)
		l.m = m
	}
	m[k]++
	return m
}

// Copy-on-write: the old map is kept, a new one replaces the field.
type cow struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *cow) set(k string, v int) map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m
	c.m = make(map[string]int, len(old)+1)
	maps.Copy(c.m, old)
	c.m[k] = v
	return old
}

// A snapshot that is never read after the change.
func bump(m map[string]int) {
	before := m
	_ = len(before)
	m["n"]++
}

// A struct copy written back where it came from.
type state struct {
	seen map[string]bool
	n    int
}

func visit(s *state, k string) {
	c := *s
	c.seen[k] = true
	c.n++
	*s = c
}

// A copy of a local nobody uses afterwards.
func fresh(k string) state {
	p := &state{seen: map[string]bool{}}
	c := *p
	c.seen[k] = true
	return c
}

// Storing a fresh map, or a copy, at a boundary.
type Cache struct {
	mu    sync.RWMutex
	items map[string]int
}

func NewCache(seed map[string]int) *Cache {
	return &Cache{items: maps.Clone(seed)}
}

func NewEmpty() *Cache {
	return &Cache{items: make(map[string]int)}
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (c *Cache) Snapshot() map[string]int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return maps.Clone(c.items)
}

// An unexported accessor is not a boundary.
func (c *Cache) itemsLocked() map[string]int { return c.items }

// Copy-on-write at the type level: entries are never written in place, so
// handing out the current map is safe.
type Table struct {
	mu   sync.Mutex
	rows map[string]string
}

func (t *Table) Rows() map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows
}

func (t *Table) Set(k, v string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	next := maps.Clone(t.rows)
	next[k] = v
	t.rows = next
}

// An unguarded type that never writes its map keeps the caller's.
type Lookup struct {
	names map[string]string
}

func NewLookup(names map[string]string) *Lookup { return &Lookup{names: names} }

func (l *Lookup) Name(k string) string { return l.names[k] }

// NewRouter takes ownership of routes: the caller must not modify it.
func NewRouter(routes map[string]string) *Router { return &Router{routes: routes} }

type Router struct{ routes map[string]string }

func (r *Router) Handle(p, h string) { r.routes[p] = h }

// Generic code with the same shapes.
type Bag[K comparable, V any] struct {
	m map[K]V
}

func (b Bag[K, V]) Len() int { return len(b.m) }

func (b *Bag[K, V]) Put(k K, v V) { b.m[k] = v }

// A closure filling a captured map.
func collect(keys []string) map[string]bool {
	seen := map[string]bool{}
	add := func(k string) { seen[k] = true }
	for _, k := range keys {
		add(k)
	}
	return seen
}

// A request that shares its client's headers but never writes them, and
// one that gets its own map before writing.
type client struct{ header map[string]string }

type request struct{ header map[string]string }

func (c *client) get() *request {
	return &request{header: c.header}
}

func (c *client) post(ct string) *request {
	r := &request{header: c.header}
	r.header = maps.Clone(r.header)
	r.header["Content-Type"] = ct
	return r
}

// Range values that are only read, or written back.
func names(svcs []request) []string {
	var out []string
	for _, s := range svcs {
		out = append(out, s.header["name"])
	}
	return out
}

func stamp(svcs []request) {
	for i, s := range svcs {
		s.header["seen"] = "1"
		svcs[i] = s
	}
}

// An unexported helper that expands a value in place; its callers write
// the result back.
type Schema struct {
	Defs map[string]string
}

func expand(s Schema) *Schema {
	for k, v := range s.Defs {
		s.Defs[k] = "expanded:" + v
	}
	return &s
}

func Expand(s *Schema) {
	if t := expand(*s); t != nil {
		*s = *t
	}
}

// An exported field is data: storing the caller's map there is what the
// caller could have done itself.
type Doc struct {
	Props map[string]string
}

func (d *Doc) WithProps(p map[string]string) *Doc {
	d.Props = p
	return d
}

func (d *Doc) SetProp(k, v string) { d.Props[k] = v }

// A mock that guards its metadata and only ever replaces it: storing the
// caller's map is reported only with -mapalias.guardedstores.
type MockConsumer struct {
	mu   sync.Mutex
	meta map[string][]int32
}

func (m *MockConsumer) SetMeta(meta map[string][]int32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.meta = meta
}

func (m *MockConsumer) Topics() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for t := range m.meta {
		out = append(out, t)
	}
	return out
}

func (m *MockConsumer) Partitions(t string) []int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.meta[t]
}

// A stored caller map is only ever replaced by a fresh map before entries
// are written (clickhouse-go's query parameters): the caller's map is never
// written, so keeping it is not a shared-write hazard.
type queryOptions struct {
	params map[string]string
}

func WithParams(p map[string]string) func(*queryOptions) {
	return func(o *queryOptions) { o.params = p }
}

func NewQueryOptions(p map[string]string) *queryOptions {
	return &queryOptions{params: p}
}

func (o *queryOptions) bind(args []string) {
	if len(args) > 0 {
		o.params = make(map[string]string, len(args))
		for _, a := range args {
			o.params[a] = a
		}
	}
}

func (o *queryOptions) Reset() {
	o.params = map[string]string{}
	o.params["reset"] = "1"
}

// One set indexed from two maps of the same owner: the alias is the point
// (pebble's metamorphic generator adds an iterator to its reader's set and
// files the same set under the iterator).
type iterGen struct {
	readers map[int]map[int]struct{}
	iters   map[int]map[int]struct{}
}

func (g *iterGen) newIter(readerID, iterID int) {
	if iters := g.readers[readerID]; iters != nil {
		iters[iterID] = struct{}{}
		g.iters[iterID] = iters
	}
}
