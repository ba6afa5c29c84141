// Package ptest holds parallel-subtest fixtures (in ptest_test.go).
package ptest
