// Package globalsfix: a package-level map written under the read lock
// gets the RLock -> Lock fix.
package globalsfix

import "sync"

var (
	mu    sync.RWMutex
	seen  = map[string]int{}
	total int
)

func Add(k string) {
	mu.Lock()
	seen[k]++
	total++
	mu.Unlock()
}

func Forget(k string) {
	mu.Lock()
	defer mu.Unlock()
	delete(seen, k)
}

func Seen(k string) int {
	mu.RLock()
	defer mu.RUnlock()
	return seen[k]
}

func Mark(k string) bool {
	mu.RLock()
	defer mu.RUnlock()
	if _, ok := seen[k]; ok {
		return false
	}
	seen[k] = 1 // want `seen is written while holding only the read lock mu.RLock\(\)`
	return true
}
