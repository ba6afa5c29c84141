package neg

import "sync"

// Writers of a subscriber's entries hold the hub's lock and the
// subscriber's own; the hub's cleanup reads them holding only the hub's
// lock, which already excludes every writer (redcon's PubSub).
type subHub struct {
	mu   sync.Mutex
	subs map[*subConn]bool
}

type subConn struct {
	mu      sync.Mutex
	entries map[string]bool
}

func (h *subHub) Subscribe(c *subConn, ch string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c.mu.Lock()
	c.entries[ch] = true
	c.mu.Unlock()
	h.subs[c] = true
}

func (h *subHub) Unsubscribe(c *subConn, ch string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c.mu.Lock()
	delete(c.entries, ch)
	c.mu.Unlock()
}

func (c *subConn) Subscribed(ch string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[ch]
}

func (c *subConn) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for range c.entries {
		n++
	}
	return n
}

func (h *subHub) Close(c *subConn) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for ch := range c.entries {
		out = append(out, ch)
	}
	delete(h.subs, c)
	return out
}
