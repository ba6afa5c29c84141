// Package globals: guards of package-level map variables.
package globals

import "sync"

var (
	mu       sync.Mutex
	registry = map[string]int{} // want `registry: guard mu \(inferred\) 4/4`
	builtin  = map[string]int{} // want `builtin: no guard`
	// +checklocks:mu
	annotated = map[int]int{} // want `annotated: guard mu \(annotation\) 0/1`
	few       = map[int]int{} // want `few: no guard`
	once      sync.Once
	lazy      map[string]int // want `lazy: no guard`
)

var (
	// gmu protects the variables below.
	gmu    sync.RWMutex
	groupA = map[string]int{} // want `groupA: guard gmu \(comment\) 1/1`

	after = map[string]int{} // want `after: no guard`
)

func init() {
	builtin["a"] = 1 // want `builtin in init context`
	fill()
	registry["boot"] = 0 // want `registry in init context`
}

func fill() { builtin["b"] = 2 } // want `builtin in init context`

func Builtin(k string) int { return builtin[k] }

func Set(k string) { mu.Lock(); registry[k]++; mu.Unlock() }
func Del(k string) { mu.Lock(); delete(registry, k); mu.Unlock() }
func Get(k string) int {
	mu.Lock()
	defer mu.Unlock()
	return registry[k]
}
func Clear() { mu.Lock(); clear(registry); mu.Unlock() }

func Ann(k int) { annotated[k] = k }

func Few(k int)  { mu.Lock(); few[k] = k; mu.Unlock() }
func Few2(k int) { few[k]++ }

func Lazy(k string) int {
	once.Do(func() {
		lazy = map[string]int{"x": 1} // want `lazy in once context`
		lazy["y"] = 2                 // want `lazy in once context`
	})
	return lazy[k]
}

func A(k string) { gmu.Lock(); groupA[k]++; gmu.Unlock() }

func After(k string) { after[k]++ }
