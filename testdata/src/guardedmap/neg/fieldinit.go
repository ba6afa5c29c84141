package neg

import "sync"

// A field that is assigned without the lock (Serve's c.sessions =
// make(...) before the session goroutines start) is not reported, and
// does not count against the guard: every map access here holds mu.
// A map that several functions only reassign unlocked and read unlocked
// (Config.Load swapping tables read by Lookup without locks) gets no
// guard from its one locked reader.

type session struct{ id int }

type Listener struct {
	mu       sync.Mutex
	sessions map[int]*session
	in       chan *session
}

func (l *Listener) Serve() {
	l.sessions = make(map[int]*session)
	for s := range l.in {
		go l.handle(s)
	}
}

func (l *Listener) handle(s *session) {
	l.mu.Lock()
	l.sessions[s.id] = s
	l.mu.Unlock()
	l.mu.Lock()
	delete(l.sessions, s.id)
	l.mu.Unlock()
}

func (l *Listener) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.sessions)
}

func (l *Listener) Find(id int) *session {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sessions[id]
}

type Tables struct {
	mu     sync.Mutex
	routes map[string]string
}

func (t *Tables) Load(m map[string]string) { t.routes = m }
func (t *Tables) Reset()                   { t.routes = map[string]string{} }
func (t *Tables) Route(k string) string    { return t.routes[k] }
func (t *Tables) Has(k string) bool        { _, ok := t.routes[k]; return ok }
func (t *Tables) Set(k, v string)          { t.mu.Lock(); t.routes[k] = v; t.mu.Unlock() }
func (t *Tables) Snapshot() map[string]bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return map[string]bool{t.routes[""]: true}
}
