package demo

import (
	"strings"
	"sync"
)

// routeCache memoises handlers by route. Keys are "any" so that callers can
// use a string or a pre-split path; a pre-split path is a []string, and
// hashing it panics with "hash of unhashable type []string" on the first
// request — even on a cache miss.
type routeCache struct {
	mu       sync.Mutex
	handlers map[any]func() string
}

func (c *routeCache) lookup(route any) (func() string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.handlers[route]
	return h, ok
}

func serve(c *routeCache, path string) string {
	segments := strings.Split(strings.Trim(path, "/"), "/")
	if h, ok := c.lookup(segments); ok { // mapkey: []string reaches the map key
		return h()
	}
	return "404"
}

var _ = serve
