// Package neg is correct code that mapkey must leave alone.
package neg

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net"
	"reflect"
	"strings"
	"sync"

	"mapkey/lib"
)

type point struct{ X, Y int }

type withIface struct {
	Name string
	Tag  any
}

// Comparable dynamic types: strings, numbers, arrays of comparables,
// pointers, channels, structs of comparables, nil.
func comparables(m map[any]int, sm *sync.Map, parts []string, ch chan int, p *point) {
	m[strings.Join(parts, "/")]++
	m[[2]string{"a", "b"}]++
	m[point{1, 2}]++
	m[p]++
	m[ch]++
	m[&parts]++
	m[nil]++
	m[withIface{Name: "n", Tag: 3}]++
	m[[2]any{1, "x"}]++
	var e error = errors.New("x")
	m[e]++
	sm.Store(p, 1)
	sm.Load([3]int{})
	sm.CompareAndSwap("k", []int{1}, 2) // the old value is compared, not hashed
}

// Pointers to non-comparable types are comparable.
func pointersToNonComparable(m map[any]bool, b *big.Int, ip net.IP) {
	m[b] = true
	m[big.NewInt(1)] = true
	m[&ip] = true
	m[ip.String()] = true
}

// Struct keys whose interface fields hold comparable values.
func structKeys(m map[withIface]int) {
	m[withIface{Name: "x"}]++
	m[withIface{Tag: "x"}]++
	k := withIface{Tag: []int{1}}
	k.Tag = 1 // overwritten before use
	m[k]++
}

// The slice is converted, but the key is something else.
func notTheKey(m map[any]int, names []string) {
	var v any = names
	m[len(names)] = 1
	m[fmt.Sprint(v)]++
}

// A non-comparable value stored as a map value is fine.
func values(m map[any]any, names []string) {
	m["names"] = names
	m[1] = map[string]int{}
}

func open() io.Reader { return strings.NewReader("") }

// Unknown dynamic types are not reported (parameters with no evidence are
// covered in mapkey/lib, where their facts are expected).
func unknown(m map[any]int, vals []any, src map[string]any) {
	m[open()]++
	for _, v := range vals {
		m[v]++
	}
	m[src["k"]]++
}

// Filtered with a type switch or reflect before use.
func filtered(m map[any]int, names []string) {
	var k any = names
	if _, ok := k.([]string); !ok {
		m[k]++
	}
	var j any = names
	if reflect.TypeOf(j).Comparable() {
		m[j]++
	}
}

// A recovered panic is intentional.
func tryHash(m map[any]int, names []string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	m[names]++
	return true
}

// Constant-false branches are not paths.
func deadBranch(m map[any]int, names []string) {
	var k any = "all"
	if false {
		k = names
	}
	m[k]++
}

// Correlated branches: the key is the slice only when the access is skipped.
func correlated(m map[any]int, names []string, single bool) {
	var k any = names
	if single {
		k = names[0]
	}
	n := len(names)
	if single {
		m[k] = n
	}
}

// A nested field overwritten after the literal.
type inner struct{ Tag any }
type outer struct {
	In inner
	N  int
}

func nestedOverwrite(m map[outer]int) {
	k := outer{In: inner{Tag: []int{1}}}
	k.In.Tag = "x"
	m[k]++
}

// Generic code constrained comparable: the instantiation is unknown here.
func count[K comparable](keys []K) map[K]int {
	m := make(map[K]int)
	for _, k := range keys {
		m[k]++
	}
	return m
}

func genericCaller(names []string) map[string]int {
	return count(names)
}

// In-package closures that use their parameter as a key, called with
// comparable values.
func closures(names []string) {
	seen := map[any]bool{}
	mark := func(v any) { seen[v] = true }
	mark(len(names))
	mark("x")
	mark(&names)
}

// Library functions that use their parameters as keys, called with
// comparable values; and functions that filter or recover.
func library(c *lib.Cache, names []string) {
	c.Put("names", names)
	c.Get([2]string{"a", "b"})
	lib.Remember(point{1, 2})
	lib.Guarded(names)
	lib.Switched(names)
	lib.Recovering(names)
	lib.Transformed(names)
	lib.Count(map[lib.Key]int{}, lib.Key{Kind: "n", Value: 1})
}

// Pointer receivers make error types comparable.
type fieldErr struct{ Fields []string }

func (e *fieldErr) Error() string { return strings.Join(e.Fields, ",") }

func errorKeys(seen map[error]int, fields []string) {
	var err error = &fieldErr{Fields: fields}
	seen[err]++
	if err := lib.Check(""); err != nil {
		seen[err]++
	}
	if err := lib.Mixed(""); err != nil {
		seen[err]++
	}
}

// NaN that is not provable, and floats that are not NaN.
func floats(m map[float64]int, x, y float64) {
	m[x/y]++
	m[math.Inf(1)]++
	var zero float64
	m[zero]++
	m[1/2.0]++
}

type node struct{ id int }

// Storing fresh pointers is common; looking up a pointer that was stored
// finds it; zero-sized allocations may share an address.
func pointers(m map[*node]int, set map[*struct{}]bool) {
	m[&node{1}] = 1
	n := &node{2}
	m[n] = 2
	_ = m[n]
	delete(m, n)
	p := new(node)
	m[p] = 3
	_, ok := m[p]
	_ = ok
	_ = set[&struct{}{}]
}

// A test of the panic itself: the helper recovers.
func mustPanic(f func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	f()
	return false
}

func panicTest(m map[any]int) bool {
	return mustPanic(func() { _ = m[[]int{1}] })
}

// Type-parameter maps with comparable dynamic keys are fine.
func markAll[M ~map[any]bool](seen M, names []string) {
	for _, n := range names {
		seen[n] = true
	}
	seen[[2]string{"a", "b"}] = true
}
