// Package b calls lib with values whose dynamic types are not comparable.
package b

import (
	"strings"

	"mapkey/lib"
)

func useCache(c *lib.Cache, path string) any {
	parts := strings.Split(path, "/")
	c.Put("ok", 1)
	return c.Get(parts) // want `call panics with "hash of unhashable type \[\]string": \[\]string \(converted to any at line 13\), from parameter key of \(\*Cache\).Get, called here, becomes a map key at lib.go:20`
}

func transitive(data []byte) {
	lib.Remember(data) // want `call panics with "hash of unhashable type \[\]uint8": \[\]uint8 \(converted to any at line 17\), from parameter v of Remember, called here, becomes a map key at lib.go:35`
}

func register() {
	lib.Register(map[string]int{}, nil) // want `call panics with "hash of unhashable type map\[string\]int".*parameter name of Register`
}

func structKey(m map[lib.Key]int, tags []string) {
	lib.Count(m, lib.Key{Kind: "tags", Value: tags}) // want `call panics with "hash of unhashable type \[\]string": \[\]string \(converted to any at line 25, in field Value of lib.Key\), from parameter k of Count`
}

func generic(tags []string) int {
	m := map[any]int{}
	return lib.Index(m, any(tags)) // want `call panics with "hash of unhashable type \[\]string".*parameter k of Index`
}

// A local wrapper around a library function: its callers are reported.
func note(v any) { // want note:`keyParams\(v\)`
	lib.Add(nil, v)
}

func callsNote() {
	note(func() {}) // want `call panics with "hash of unhashable type func\(\)".*parameter v of note`
}

func errorCounts(inputs []string) map[error]int {
	counts := map[error]int{}
	for _, in := range inputs {
		if err := lib.Validate(in); err != nil {
			counts[err]++ // want `map assignment panics with "hash of unhashable type lib.Errors": the key's dynamic type lib.Errors \(returned by Validate at line 45\) is not comparable`
		}
		if _, err := lib.Parse(in); err != nil {
			delete(counts, err) // want `delete panics with "hash of unhashable type lib.Errors"`
		}
	}
	return counts
}

func guardedCalls(c *lib.Cache, tags []string) bool {
	if lib.Lookup(tags) { // want `call panics with "hash of unhashable type \[\]string".*parameter key of Lookup`
		return true
	}
	return c.Has(tags) // want `call panics with "hash of unhashable type \[\]string".*parameter key of \(\*Cache\).Has`
}

// Silent: comparable or unknown dynamic types.
func fine(c *lib.Cache, k lib.Key, v any, m map[error]int) { // want fine:`keyParams\(v\)`
	c.Get("name")
	c.Get([2]string{"a", "b"})
	c.Get(&k)
	lib.Remember(42)
	lib.Guarded([]int{1})
	lib.Switched([]string{"a"})
	lib.Recovering([]int{1})
	lib.Transformed([]int{1})
	lib.Index(map[string]int{}, "x")
	lib.Count(map[lib.Key]int{}, lib.Key{Kind: "n", Value: 1})
	if err := lib.Check(""); err != nil {
		m[err]++
	}
	if err := lib.Mixed(""); err != nil {
		m[err]++
	}
	c.Get(v)
	lib.SetIf([]int{1}, false)
}
