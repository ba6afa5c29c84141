package ann

import "sync"

// Loose guard comments that are still unambiguous: the struct's only
// mutex "protects access to the maps" (sarama's client), "the fields
// above", a header "The following fields are protected by mu".

type cluster struct {
	brokers  map[int32]string
	topics   map[string][]int32
	closing  chan struct{}
	refresh  func()
	lock     sync.RWMutex // protects access to the maps that hold cluster state.
	attempts int
}

func (c *cluster) AddBroker(id int32, addr string) {
	c.lock.Lock()
	c.brokers[id] = addr
	c.lock.Unlock()
}

func (c *cluster) SetTopic(t string, ps []int32) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.topics[t] = ps
}

func (c *cluster) Broker(id int32) string {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return c.brokers[id]
}

func (c *cluster) Topic(t string) []int32 {
	c.lock.RLock()
	defer c.lock.RUnlock()
	return c.topics[t]
}

func (c *cluster) ClearTopics() {
	c.lock.Lock()
	clear(c.topics)
	c.lock.Unlock()
}

// DropTopic forgets the lock. A loose comment is backed by the package's
// use (the ratio, as for "the following fields"): 5 of 7 here.
func (c *cluster) DropTopic(t string) {
	delete(c.topics, t) // want `c.topics is written without holding c.lock: c.topics is guarded by c.lock \(comment "protects access to the maps that hold cluster state."\)`
}

type table struct {
	rows  map[string]int
	index map[int]string
	mu    sync.Mutex // mu protects the fields above.

	other map[string]bool
}

func (t *table) Put(k string, v int) {
	t.mu.Lock()
	t.rows[k] = v
	t.index[v] = k
	t.mu.Unlock()
}

func (t *table) Get(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows[k]
}

func (t *table) Del(k string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.index, t.rows[k])
	delete(t.rows, k)
}

func (t *table) Reverse(v int) string {
	return t.index[v] // want `t.index is read without holding t.mu: t.index is guarded by t.mu \(comment "mu protects the fields above."\)`
}

type conn struct {
	mu sync.Mutex

	// The following fields are protected by mu.
	streams map[int]bool
	pending map[int][]byte
	closed  bool
}

func (c *conn) Open(id int) {
	c.mu.Lock()
	c.streams[id] = true
	c.mu.Unlock()
}

func (c *conn) Queue(id int, b []byte) {
	c.mu.Lock()
	c.pending[id] = append(c.pending[id], b...)
	c.mu.Unlock()
}

func (c *conn) Flush(id int) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

func (c *conn) Pending(id int) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[id]
}

func (c *conn) Drop(id int) {
	delete(c.pending, id) // want `c.pending is written without holding c.mu: c.pending is guarded by c.mu \(comment "The following fields are protected by mu."\)`
}

// Other verbs: "a lock for the map" (the struct's only map), "the
// gatekeeper for all fields", "Applies to all fields below".

type bus struct {
	handlers map[string][]func()
	lock     sync.Mutex // a lock for the map
}

func (b *bus) Subscribe(topic string, fn func()) {
	b.lock.Lock()
	defer b.lock.Unlock()
	b.handlers[topic] = append(b.handlers[topic], fn)
}

func (b *bus) Unsubscribe(topic string) {
	b.lock.Lock()
	defer b.lock.Unlock()
	delete(b.handlers, topic)
}

func (b *bus) HasCallback(topic string) bool {
	b.lock.Lock()
	defer b.lock.Unlock()
	return len(b.handlers[topic]) > 0
}

func (b *bus) Publish(topic string) {
	for _, fn := range b.handlers[topic] { // want `b.handlers is read without holding b.lock: b.handlers is guarded by b.lock \(comment "a lock for the map"\)`
		fn()
	}
}

type detector struct {
	lock    sync.Mutex // Applies to all fields below
	tickers map[int]bool
	paused  bool
}

func (d *detector) Add(id int) {
	d.lock.Lock()
	d.tickers[id] = true
	d.lock.Unlock()
}

func (d *detector) Remove(id int) {
	d.lock.Lock()
	delete(d.tickers, id)
	d.lock.Unlock()
}

func (d *detector) Pause() {
	for id := range d.tickers { // want `d.tickers is read without holding d.lock: d.tickers is guarded by d.lock \(comment "Applies to all fields below"\)`
		_ = id
	}
}
