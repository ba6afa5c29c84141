// Package testbad compiles, but its test does not type-check.
package testbad

// One returns 1.
func One() int { return 1 }
