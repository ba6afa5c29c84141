package a

import "sync"

// Inference counts an access its callers vouch for as locked: Session's
// expire callback is stored in the LRU helper and only runs from
// lru.push, which Session calls with s.mu held. Counted as an unlocked
// writer it would drag the share to 6/9 and hide the unlocked IDs.

type evictor interface {
	push(id string)
}

type lru struct {
	max   int
	order []string
	evict func(id string)
}

func (l *lru) push(id string) {
	l.order = append(l.order, id)
	if len(l.order) > l.max {
		old := l.order[0]
		l.order = l.order[1:]
		l.evict(old)
	}
}

type Sessions struct {
	mu    sync.Mutex
	users map[string]string
	order evictor
}

func NewSessions(max int) *Sessions {
	s := &Sessions{users: map[string]string{}}
	s.order = &lru{max: max, evict: s.expire}
	return s
}

func (s *Sessions) Login(id, user string) {
	s.mu.Lock()
	s.users[id] = user
	s.order.push(id)
	s.mu.Unlock()
}

func (s *Sessions) User(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.users[id]
}

func (s *Sessions) Logout(id string) {
	s.mu.Lock()
	delete(s.users, id)
	s.mu.Unlock()
}

func (s *Sessions) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.users)
}

func (s *Sessions) expire(id string) { delete(s.users, id) }

func (s *Sessions) IDs() []string {
	var out []string
	for id := range s.users { // want `s.users is read without holding s.mu: s.users is accessed with s.mu held in 5 of 6 functions: Login L\d+, User L\d+, Logout L\d+, Count L\d+, \.\.\.`
		out = append(out, id)
	}
	return out
}
