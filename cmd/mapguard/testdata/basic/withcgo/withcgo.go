// Package withcgo uses cgo; positions must still point into this file.
package withcgo

/*
static int twice(int x) { return 2 * x; }
*/
import "C"

// Twice records C's answer in a nil map.
func Twice(x int) int {
	var memo map[int]int
	memo[x] = int(C.twice(C.int(x)))
	return memo[x]
}
