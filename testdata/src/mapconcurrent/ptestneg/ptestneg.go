// Package ptestneg holds correct subtests (in ptestneg_test.go).
package ptestneg
