package neg

import "sync"

// A mutex group in an anonymous struct field, always locked (the
// constructor fills the map before the store is shared), and a second
// group whose map a helper reaches only with the group's lock held by its
// callers.
type anonStore struct {
	mu struct {
		sync.RWMutex
		objects map[string][]byte
	}
	refs struct {
		sync.Mutex
		count map[string]int
	}
}

func NewAnonStore(seed map[string][]byte) *anonStore {
	s := &anonStore{}
	s.mu.objects = make(map[string][]byte, len(seed))
	for k, v := range seed {
		s.mu.objects[k] = v
	}
	s.refs.count = map[string]int{}
	return s
}

func (s *anonStore) Get(name string) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.mu.objects[name]
}

func (s *anonStore) Put(name string, b []byte) {
	s.mu.Lock()
	s.mu.objects[name] = b
	s.mu.Unlock()
}

func (s *anonStore) Delete(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.mu.objects, name)
}

func (s *anonStore) Ref(name string) {
	s.refs.Lock()
	defer s.refs.Unlock()
	s.bumpLocked(name)
}

func (s *anonStore) Unref(name string) {
	s.refs.Lock()
	defer s.refs.Unlock()
	s.refs.count[name]--
	if s.refs.count[name] <= 0 {
		delete(s.refs.count, name)
	}
}

func (s *anonStore) Refs(name string) int {
	s.refs.Lock()
	defer s.refs.Unlock()
	return s.refs.count[name]
}

func (s *anonStore) bumpLocked(name string) { s.refs.count[name]++ }

// The two-lock protocol inside an anonymous group: writers hold
// state.prio.RLock and state.mu.Lock, the consumer swaps the map under
// state.prio.Lock.
type anonNotifier struct {
	state struct {
		prio    sync.RWMutex
		mu      sync.Mutex
		pending map[string]struct{}
	}
}

func (n *anonNotifier) Notify(p string) {
	n.state.prio.RLock()
	n.state.mu.Lock()
	n.state.pending[p] = struct{}{}
	n.state.mu.Unlock()
	n.state.prio.RUnlock()
}

func (n *anonNotifier) NotifyAll(ps []string) {
	n.state.prio.RLock()
	n.state.mu.Lock()
	for _, p := range ps {
		n.state.pending[p] = struct{}{}
	}
	n.state.mu.Unlock()
	n.state.prio.RUnlock()
}

func (n *anonNotifier) Drain() map[string]struct{} {
	n.state.prio.Lock()
	defer n.state.prio.Unlock()
	if len(n.state.pending) == 0 {
		return nil
	}
	out := n.state.pending
	n.state.pending = map[string]struct{}{}
	return out
}
