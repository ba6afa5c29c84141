// Package xuse touches xdef's guarded fields.
package xuse

import "guardedmap/xdef"

func Bad(t *xdef.Table) {
	t.Rows["x"] = 1 // want `t.Rows is written without holding t.Mu: t.Rows is guarded by t.Mu \(comment "guarded by Mu"\)`
}

func Good(t *xdef.Table) int {
	t.Mu.Lock()
	defer t.Mu.Unlock()
	return t.Rows["x"]
}

// This package takes c.Mu around c.M (GoodCounters), so it follows the
// defining package's protocol and BadCounters breaks it.
func GoodCounters(c *xdef.Counters, k string) {
	c.Mu.Lock()
	c.M[k] = 0
	c.Mu.Unlock()
}

func BadCounters(c *xdef.Counters) {
	delete(c.M, "x") // want `c.M is written without holding c.Mu: c.M is accessed with c.Mu held in 3 of 3 functions: xdef.Inc L23, xdef.Dec L24, xdef.Get L28`
}

func Fresh() *xdef.Table {
	t := &xdef.Table{Rows: map[string]int{}}
	t.Rows["init"] = 0 // constructor: fine
	return t
}
