// Package ann holds annotated and commented guards.
package ann

import "sync"

type Server struct {
	mu sync.Mutex
	// +checklocks:mu
	sessions map[string]int
	conns    map[int]bool // guarded by mu

	rw     sync.RWMutex // protects the following fields
	routes map[string]string
	hits   map[string]int
}

func (s *Server) Add(id string) {
	s.mu.Lock()
	s.sessions[id]++
	s.conns[len(id)] = true
	s.mu.Unlock()
}

func (s *Server) Count(id string) int {
	return s.sessions[id] // want `s.sessions is read without holding s.mu: s.sessions is guarded by s.mu \(\+checklocks:mu annotation\)`
}

func (s *Server) Close(id int) {
	delete(s.conns, id) // want `s.conns is written without holding s.mu: s.conns is guarded by s.mu \(comment "guarded by mu"\)`
}

func (s *Server) Route(p string) string {
	s.rw.RLock()
	defer s.rw.RUnlock()
	s.hits[p]++ // want `s.hits is written while holding only the read lock s.rw.RLock\(\)`
	return s.routes[p]
}

func (s *Server) AddRoute(p, d string) {
	s.rw.Lock()
	defer s.rw.Unlock()
	s.routes[p] = d
}

func (s *Server) DelRoute(p string) {
	s.rw.Lock()
	defer s.rw.Unlock()
	delete(s.routes, p)
}

// SetRoute forgets the lock; a "protects the following fields" comment is
// enforced when the package's own use agrees with it.
func (s *Server) SetRoute(p, d string) {
	s.routes[p] = d // want `s.routes is written without holding s.rw: s.routes is guarded by s.rw \(comment "protects the following fields"\)`
}

// Pool: the mutex comment names the map.
type Pool struct {
	lock  sync.Mutex // guards idle and busy
	idle  map[int]bool
	busy  map[int]bool
	limit int
}

func (p *Pool) Put(id int) {
	p.lock.Lock()
	defer p.lock.Unlock()
	delete(p.busy, id)
	p.idle[id] = true
}

func (p *Pool) Take(id int) {
	delete(p.idle, id) // want `p.idle is written without holding p.lock`
	p.lock.Lock()
	p.busy[id] = true
	p.lock.Unlock()
}
