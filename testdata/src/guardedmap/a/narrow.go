package a

import "sync"

// The exemptions for ordering stay narrow: each of these is still a bug.
type Peers struct {
	mu     sync.Mutex
	byID   map[string]int
	events chan string
	hooks  map[string]func()
}

func (p *Peers) Add(id string)    { p.mu.Lock(); p.byID[id]++; p.mu.Unlock() }
func (p *Peers) Remove(id string) { p.mu.Lock(); delete(p.byID, id); p.mu.Unlock() }
func (p *Peers) Bump(id string)   { p.mu.Lock(); p.byID[id] += 2; p.mu.Unlock() }
func (p *Peers) Zero(id string)   { p.mu.Lock(); p.byID[id] = 0; p.mu.Unlock() }
func (p *Peers) Clear()           { p.mu.Lock(); clear(p.byID); p.mu.Unlock() }
func (p *Peers) Set(id string, n int) {
	p.mu.Lock()
	p.byID[id] = n
	p.mu.Unlock()
}
func (p *Peers) Count(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byID[id]
}

// A worker taking messages from a channel is not waiting for the writers.
func (p *Peers) Watch() {
	for id := range p.events {
		if p.byID[id] == 0 { // want `p.byID is read without holding p.mu`
			continue
		}
	}
}

// Handing the map to a function without its mutex.
func (p *Peers) Dump() int {
	return total(p.byID) // want `p.byID is read without holding p.mu`
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// A goroutine started by the constructor runs alongside the value's users:
// its accesses are not construction.
func NewPeers() *Peers {
	p := &Peers{byID: map[string]int{}, events: make(chan string)}
	go func() {
		for id := range p.events {
			p.byID[id] = 1 // want `p.byID is written without holding p.mu`
		}
	}()
	return p
}
