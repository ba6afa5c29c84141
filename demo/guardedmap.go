package demo

import (
	"sync"
	"time"
)

// sessionStore keeps live sessions. Every method locks mu, except
// Expire, which was added later and forgot: it deletes from the map while
// Touch and Lookup may be running in other goroutines ("concurrent map
// read and map write").
type sessionStore struct {
	mu       sync.RWMutex
	sessions map[string]time.Time
}

func newSessionStore() *sessionStore {
	return &sessionStore{sessions: make(map[string]time.Time)}
}

func (s *sessionStore) Touch(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = time.Now()
}

func (s *sessionStore) Lookup(id string) (time.Time, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.sessions[id]
	return t, ok
}

func (s *sessionStore) Logout(id string) {
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
}

// Expire drops sessions idle for longer than ttl.
func (s *sessionStore) Expire(ttl time.Duration) {
	for id, last := range s.sessions {
		if time.Since(last) > ttl {
			delete(s.sessions, id)
		}
	}
}

var _ = newSessionStore
