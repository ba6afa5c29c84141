package globals

import "sync"

var (
	hitsMu sync.RWMutex
	hits   = map[string]int{}
)

func Hit(k string) {
	hitsMu.Lock()
	hits[k]++
	hitsMu.Unlock()
}

func Reset(k string) {
	hitsMu.Lock()
	defer hitsMu.Unlock()
	delete(hits, k)
}

func Hits(k string) int {
	hitsMu.RLock()
	defer hitsMu.RUnlock()
	return hits[k]
}

// HitOnce writes under the read lock: two callers race.
func HitOnce(k string) {
	hitsMu.RLock()
	defer hitsMu.RUnlock()
	if hits[k] == 0 {
		hits[k] = 1 // want `hits is written while holding only the read lock hitsMu.RLock\(\): concurrent readers race with this write \(hits is accessed with hitsMu held in 5 of 6 functions: Hit L\d+, Reset L\d+, Hits L\d+, HitOnce L\d+, \.\.\.\)`
	}
}

// Snapshot reads the map under the lock but ranges over it after the
// unlock.
func Snapshot() map[string]int {
	hitsMu.RLock()
	m := hits
	hitsMu.RUnlock()
	out := map[string]int{}
	for k, v := range m { // want `the map in hits escapes its critical section: it is iterated here after hitsMu is released`
		out[k] = v
	}
	return out
}

// Maybe locks on one path only.
func Maybe(k string, lock bool) {
	if len(k) > 3 {
		hitsMu.Lock()
		defer hitsMu.Unlock()
	}
	hits[k] = 2 // want `hits is written with hitsMu held on some paths but not all`
}
