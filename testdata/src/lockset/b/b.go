// Package b uses package a's lock helpers through facts.
package b

import "lockset/a"

func probe() {} // want `summary lockset requires\(type\(lockset/a.C\).rw\)`

func UseFacts(c *a.C) { // want `summary lockset acquires\(param0.rw\)`
	c.LockAndReturn()
	probe() // want `held=\[c.rw:locked\] may=\[c.rw:locked\]`
}
