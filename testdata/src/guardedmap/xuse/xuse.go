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

func BadCounters(c *xdef.Counters) {
	delete(c.M, "x") // want `c.M is written without holding c.Mu: c.M is accessed with c.Mu held in 3 of 3 functions`
}

func Fresh() *xdef.Table {
	t := &xdef.Table{Rows: map[string]int{}}
	t.Rows["init"] = 0 // constructor: fine
	return t
}
