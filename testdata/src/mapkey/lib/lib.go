// Package lib is a library whose functions use their parameters as map keys;
// callers in other packages learn that through facts.
package lib

import (
	"fmt"
	"reflect"
	"sync"
)

// Cache is an interface-keyed cache.
type Cache struct {
	mu sync.Mutex
	m  map[any]any
}

func (c *Cache) Get(key any) any { // want Get:`keyParams\(key\)`
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

func (c *Cache) Put(key, val any) { // want Put:`keyParams\(key\)`
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[any]any)
	}
	c.m[key] = val
}

var seen = map[any]bool{}

func Add(set map[any]bool, v any) { // want Add:`keyParams\(v\)`
	set[v] = true
}

// Remember wraps Add: the fact is transitive.
func Remember(v any) { // want Remember:`keyParams\(v\)`
	Add(seen, v)
}

var handlers sync.Map

func Register(name any, h func()) { // want Register:`keyParams\(name\)`
	handlers.Store(name, h)
}

// Key is a struct key with an interface field.
type Key struct {
	Kind  string
	Value any
}

func Count(m map[Key]int, k Key) { // want Count:`keyParams\(k\)`
	m[k]++
}

// Index is generic: with K = any its key may hold any dynamic type.
func Index[K comparable](m map[K]int, k K) int { // want Index:`keyParams\(k\)`
	return m[k]
}

// Errors is an error type that is a slice: its values are not comparable.
type Errors []error

func (e Errors) Error() string { return fmt.Sprint([]error(e)) }

// Validate returns nil or an Errors value.
func Validate(s string) error { // want Validate:`unhashableResult\(0:lib.Errors\)`
	var errs Errors
	if s == "" {
		errs = append(errs, fmt.Errorf("empty"))
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Parse wraps Validate: the result fact is transitive too.
func Parse(s string) (int, error) { // want Parse:`unhashableResult\(1:lib.Errors\)`
	if err := Validate(s); err != nil {
		return 0, err
	}
	return len(s), nil
}

// Lookup tests its key for nil first: a slice is not nil, and reaches the map.
func Lookup(key any) bool { // want Lookup:`keyParams\(key\)`
	if key == nil {
		return false
	}
	return seen[key]
}

// Has branches on its receiver only.
func (c *Cache) Has(key any) bool { // want Has:`keyParams\(key\)`
	if c.m == nil {
		return false
	}
	_, ok := c.m[key]
	return ok
}

// Not facts.

// SetIf uses its key only when its other argument says so: a caller passing
// a slice may pass hashable=false.
func SetIf(key any, hashable bool) {
	if hashable {
		seen[key] = true
	}
}

// Guarded checks comparability before using the value as a key.
func Guarded(v any) {
	if reflect.TypeOf(v).Comparable() {
		seen[v] = true
	}
}

// Switched filters the dynamic type with a type switch.
func Switched(v any) {
	switch v.(type) {
	case []string, []byte:
		return
	}
	seen[v] = true
}

// Recovering catches the panic on purpose.
func Recovering(v any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	seen[v] = true
	return true
}

// Transformed hashes a string, not the value.
func Transformed(v any) {
	seen[fmt.Sprint(v)] = true
}

// PtrErr has a pointer receiver: *PtrErr values are comparable.
type PtrErr struct{ Fields []string }

func (e *PtrErr) Error() string { return "bad" }

func Check(s string) error {
	if s == "" {
		return &PtrErr{Fields: []string{"s"}}
	}
	return nil
}

// Mixed returns comparable errors on some paths: no result fact.
func Mixed(s string) error {
	if s == "" {
		return fmt.Errorf("empty")
	}
	return Errors{fmt.Errorf("x")}
}
