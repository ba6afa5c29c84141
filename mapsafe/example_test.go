package mapsafe_test

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/mapguard/mapguard/mapsafe"
)

func ExampleDeepCopyMap() {
	type Server struct {
		Addr string
		Tags []string
	}
	cfg := map[string]*Server{"api": {Addr: ":8080", Tags: []string{"public"}}}

	snapshot := mapsafe.DeepCopyMap(cfg)
	cfg["api"].Tags[0] = "internal" // later writes to the original...
	cfg["api"].Addr = ":9090"

	fmt.Println(snapshot["api"].Addr, snapshot["api"].Tags) // ...do not reach the copy
	// Output: :8080 [public]
}

func ExampleDeepCopyMap_cycle() {
	doc := map[string]any{"name": "root", "err": fs.ErrNotExist}
	doc["self"] = doc // a cycle

	c := mapsafe.DeepCopyMap(doc)
	self := c["self"].(map[string]any)
	self["name"] = "changed" // the copy's cycle points at the copy itself

	fmt.Println(c["name"], doc["name"])
	fmt.Println(errors.Is(c["err"].(error), fs.ErrNotExist)) // errors are kept
	// Output:
	// changed root
	// true
}

func ExampleDeepCopyMapFunc() {
	m := map[string][]int{"a": {1, 2}}
	c := mapsafe.DeepCopyMapFunc(m, slices.Clone)
	c["a"][0] = 100
	fmt.Println(m["a"], c["a"])
	// Output: [1 2] [100 2]
}

func ExampleDeepCopy() {
	type Job struct {
		mu    sync.Mutex
		Steps []string
	}
	j := &Job{Steps: []string{"build"}}
	j.mu.Lock()

	c := mapsafe.DeepCopy(j)
	c.Steps = append(c.Steps, "test")
	fmt.Println(j.Steps, c.Steps, c.mu.TryLock()) // locks are fresh in copies
	// Output: [build] [build test] true
}

// Pod copies itself; DeepCopyMap calls its method for every *Pod value.
type Pod struct {
	Name   string
	Labels map[string]string
	cache  []byte // not worth copying: the method leaves it out
}

func (p *Pod) DeepCopy() *Pod {
	labels := make(map[string]string, len(p.Labels))
	for k, v := range p.Labels {
		labels[k] = v
	}
	return &Pod{Name: p.Name, Labels: labels}
}

func ExampleDeepCopy_hook() {
	pods := map[string]*Pod{"web": {Name: "web", Labels: map[string]string{"tier": "front"}, cache: []byte("x")}}
	c := mapsafe.DeepCopyMap(pods)
	c["web"].Labels["tier"] = "back"
	fmt.Println(pods["web"].Labels["tier"], c["web"].Labels["tier"], c["web"].cache == nil)
	// Output: front back true
}

func ExampleMap() {
	var m mapsafe.Map[string, int] // the zero value is ready to use
	m.Store("a", 1)
	v, ok := m.Load("a")
	fmt.Println(v, ok)
	actual, loaded := m.LoadOrStore("a", 2)
	fmt.Println(actual, loaded)
	prev, _ := m.Swap("a", 3)
	fmt.Println(prev, m.CompareAndSwap("a", 3, 4), m.CompareAndDelete("a", 0))
	v, _ = m.LoadAndDelete("a")
	fmt.Println(v, m.Len())
	// Output:
	// 1 true
	// 1 true
	// 1 true false
	// 4 0
}

func ExampleMap_Compute() {
	var hits mapsafe.Map[string, int]
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Atomic m[k]++: Load followed by Store would lose updates.
			hits.Compute("/", func(old int, _ bool) (int, bool) { return old + 1, false })
		}()
	}
	wg.Wait()
	n, _ := hits.Load("/")
	fmt.Println(n)

	// Returning del=true deletes the entry.
	_, present := hits.Compute("/", func(old int, _ bool) (int, bool) { return 0, old >= 100 })
	fmt.Println(present)
	// Output:
	// 100
	// false
}

func ExampleMap_CompareAndSwapFunc() {
	var m mapsafe.Map[string, []string]
	m.Store("k", []string{"a"})
	ok := m.CompareAndSwapFunc("k", []string{"a"}, []string{"b"}, slices.Equal[[]string])
	v, _ := m.Load("k")
	fmt.Println(ok, v)
	fmt.Println(m.CompareAndDeleteFunc("k", []string{"b"}, slices.Equal[[]string]), m.Len())
	// Output:
	// true [b]
	// true 0
}

func ExampleMap_Range() {
	var m mapsafe.Map[int, string]
	m.Store(1, "one")
	m.Store(2, "two")
	var keys []int
	m.Range(func(k int, _ string) bool {
		keys = append(keys, k)
		m.Store(k+10, "more") // the callback may write to the map
		return true
	})
	slices.Sort(keys)
	fmt.Println(keys[:2])
	// Output: [1 2]
}

func ExampleMap_Snapshot() {
	var m mapsafe.Map[string, int]
	m.Store("a", 1)
	s := m.Snapshot() // a plain map, detached from m
	s["a"] = 2
	v, _ := m.Load("a")
	fmt.Println(v, s["a"])
	m.Clear()
	fmt.Println(m.Len(), len(s))
	// Output:
	// 1 2
	// 0 1
}

func ExampleMap_All() {
	var m mapsafe.Map[string, int]
	m.Store("a", 1)
	m.Store("b", 2)
	sum := 0
	for _, v := range m.All() {
		sum += v
	}
	fmt.Println(sum)
	// Output: 3
}
