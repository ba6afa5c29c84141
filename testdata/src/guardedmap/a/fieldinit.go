package a

import "sync"

// ldapserver's request list: Serve initialises the field itself before
// it starts one goroutine per request; the goroutines register and
// unregister under mu, and Lookup (used by the abandon handling in another
// request goroutine) reads the map without it. The unlocked assignment in
// Serve is not a map access and is not reported, so it is no evidence
// against mu either: the guard is inferred and Lookup is reported.

type ldapRequest struct{ ID int }

type LDAPConn struct {
	mu       sync.Mutex
	requests map[int]*ldapRequest
	in       chan *ldapRequest
	wg       sync.WaitGroup
}

func NewLDAPConn() *LDAPConn { return &LDAPConn{in: make(chan *ldapRequest)} }

func (c *LDAPConn) Serve() {
	defer c.close()
	c.requests = make(map[int]*ldapRequest)
	for r := range c.in {
		c.wg.Add(1)
		go c.process(r)
	}
}

func (c *LDAPConn) process(r *ldapRequest) {
	defer c.wg.Done()
	c.register(r)
	defer c.unregister(r)
	if r.ID < 0 {
		_, _ = c.Lookup(-r.ID)
	}
}

func (c *LDAPConn) Lookup(id int) (*ldapRequest, bool) {
	r, ok := c.requests[id] // want `c.requests is read without holding c.mu: c.requests is accessed with c.mu held in 3 of 4 functions: register L\d+, unregister L\d+, close L\d+`
	return r, ok
}

func (c *LDAPConn) register(r *ldapRequest) {
	c.mu.Lock()
	c.requests[r.ID] = r
	c.mu.Unlock()
}

func (c *LDAPConn) unregister(r *ldapRequest) {
	c.mu.Lock()
	delete(c.requests, r.ID)
	c.mu.Unlock()
}

func (c *LDAPConn) close() {
	c.mu.Lock()
	for _, r := range c.requests {
		_ = r
	}
	c.mu.Unlock()
	c.wg.Wait()
}
