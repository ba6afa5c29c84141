// Package shapes holds IR shapes on which nilmap must agree with
// staticcheck's SA5000 as staticcheck runs it (over buildir): both analyzers
// are run on this package against the same want comments.
package shapes

import "os"

// Named result, never made.
func named(keys []string) (m map[string]bool) {
	for _, k := range keys {
		m[k] = true // want `assignment to nil map`
	}
	return m
}

// nil on both branches, but two distinct constants in the IR: SA5000's
// flattening of the phi sees two values and stays silent.
func bothNil(b bool) {
	var m map[int]int
	if b {
		m = nil
	} else {
		m = map[int]int(nil)
	}
	m[1] = 2
}

// Made on one branch only: may be nil, not provably nil.
func maybe(b bool) map[int]int {
	var m map[int]int
	if b {
		m = make(map[int]int)
	}
	m[1] = 2
	return m
}

// Generic: the zero value of a map type parameter.
func generic[M ~map[string]int](k string) M {
	var m M
	m[k] = 1 // want `assignment to nil map`
	return m
}

// Unreachable after a no-return call: ctrlflow's facts cut the block.
func afterExit() {
	var m map[string]int
	os.Exit(1)
	m["x"] = 1
}

// Captured by a closure: a free variable, not a constant.
func captured() func() {
	var m map[string]int
	return func() { m["x"] = 1 }
}

// Op-assignment and increment.
func ops() {
	var m map[string]int
	m["a"] += 2 // want `assignment to nil map`
	m["b"]--    // want `assignment to nil map`
}

// Made before use: silent.
func made() map[string]int {
	m := map[string]int{}
	m["a"] = 1
	return m
}

// A method with a pointer receiver whose map field is nil is not provable.
type reg struct{ m map[string]int }

func (r *reg) add(k string) { r.m[k] = 1 }

// A local struct value: its field is not a lifted variable.
func structField() {
	var r reg
	r.m["a"] = 1
}
