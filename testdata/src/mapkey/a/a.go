// Package a holds direct shapes: a key whose non-comparable dynamic type is
// visible in the same function as the map access.
package a

import (
	"math"
	"strings"
	"sync"
)

func literal() map[any]int {
	return map[any]int{[]string{"a"}: 1} // want `map literal panics with "hash of unhashable type \[\]string": the key's dynamic type \[\]string \(converted to any at line 12\) is not comparable`
}

func lookup(m map[any]string) string {
	return m[[]int{1, 2}] // want `map lookup panics with "hash of unhashable type \[\]int"`
}

func assign(m map[any]string, b []byte) {
	m[b] = "x" // want `map assignment panics with "hash of unhashable type \[\]uint8"`
}

func commaOk(m map[interface{}]bool) bool {
	_, ok := m[map[string]int{}] // want `map lookup panics with "hash of unhashable type map\[string\]int"`
	return ok
}

func del(m map[any]int) {
	delete(m, func() {}) // want `delete panics with "hash of unhashable type func\(\)"`
}

// Even a nil map hashes the key before finding it empty.
func nilMap() int {
	var m map[any]int
	return m[[]int{}] // want `map lookup panics with "hash of unhashable type \[\]int"`
}

type Key struct {
	Name  string
	Extra any
}

func structKey(m map[Key]int) {
	m[Key{Name: "n", Extra: map[string]int{}}]++ // want `map assignment panics with "hash of unhashable type map\[string\]int": the key's dynamic type map\[string\]int \(converted to any at line 44, in field Extra of a.Key\) is not comparable`
}

func arrayKey(m map[[2]any]int) {
	m[[2]any{1, []int{2}}] = 1 // want `map assignment panics with "hash of unhashable type \[\]int".*in an element of \[2\]any`
}

// A struct with a slice field, converted to an interface as a whole.
type Row struct {
	Cells []string
}

func structInAny(m map[any]bool, r Row) {
	m[r] = true // want `map assignment panics with "hash of unhashable type a.Row"`
}

func syncMap(sm *sync.Map, parts []string) {
	sm.Store(parts, 1)             // want `\(\*sync.Map\).Store panics with "hash of unhashable type \[\]string"`
	sm.Load(parts)                 // want `\(\*sync.Map\).Load panics`
	sm.LoadOrStore(parts, 1)       // want `\(\*sync.Map\).LoadOrStore panics`
	sm.LoadAndDelete(parts)        // want `\(\*sync.Map\).LoadAndDelete panics`
	sm.Delete(parts)               // want `\(\*sync.Map\).Delete panics`
	sm.Swap(parts, 2)              // want `\(\*sync.Map\).Swap panics`
	sm.CompareAndSwap(parts, 1, 2) // want `\(\*sync.Map\).CompareAndSwap panics`
	sm.CompareAndDelete(parts, 1)  // want `\(\*sync.Map\).CompareAndDelete panics`
}

type registry struct {
	handlers sync.Map
}

func (r *registry) add(route []string, h func()) {
	r.handlers.Store(route, h) // want `\(\*sync.Map\).Store panics with "hash of unhashable type \[\]string"`
}

// The conversion happens earlier in the function.
func earlier(m map[any]int, names []string) int {
	var k any = names
	n := len(names)
	return m[k] + n // want `map lookup panics with "hash of unhashable type \[\]string"`
}

// One path keeps the slice: the access panics on that path.
func onePath(m map[any]int, names []string, joined bool) {
	var k any = names
	if joined {
		k = strings.Join(names, ",")
	}
	m[k]++ // want `map assignment panics with "hash of unhashable type \[\]string".*k on the path that bypasses line 90`
}

type multiErr []error

func (e multiErr) Error() string { return "several errors" }

func errKey(seen map[error]int, errs []error) {
	var err error = multiErr(errs)
	seen[err]++ // want `map assignment panics with "hash of unhashable type a.multiErr"`
}

// A closure wrapper in the same package: reported at the call.
func closureWrapper(parts []string) {
	seen := map[any]bool{}
	mark := func(v any) { seen[v] = true }
	mark(parts) // want `call panics with "hash of unhashable type \[\]string": \[\]string \(converted to any at line 108\), from parameter v of function literal in closureWrapper, called here, becomes a map key`
	mark("fine")
}

func nan(m map[float64]int) {
	m[math.NaN()] = 1 // want `map assignment with a NaN key adds an entry that can never be found`
	_ = m[math.NaN()] // want `map lookup with a NaN key never finds an entry`
	var zero float64
	delete(m, zero/zero) // want `delete with a NaN key never finds an entry`
}

func nanAny(m map[any]int) bool {
	_, ok := m[math.Float64frombits(0x7ff8000000000001)] // want `map lookup with a NaN key never finds an entry`
	return ok
}

type T struct{ n int }

func fresh(m map[*T]int, sm *sync.Map) {
	_ = m[&T{n: 1}]   // want `map lookup with the address of a fresh composite literal never finds an entry`
	delete(m, new(T)) // want `delete with the address of a fresh new\(T\) never finds an entry`
	sm.Load(&T{})     // want `\(\*sync.Map\).Load with the address of a fresh composite literal never finds an entry`
	m[&T{}] = 1       // storing a fresh pointer is fine
}

// A struct key filled field by field.
func fieldByField(m map[Key]int, tags []string) {
	var k Key
	k.Name = "tags"
	k.Extra = tags
	m[k]++ // want `map assignment panics with "hash of unhashable type \[\]string".*in field Extra of a.Key`
}

// An in-package function that returns only nil or a non-comparable error.
func validate(fields []string) error { // want validate:`unhashableResult\(0:a.multiErr\)`
	var errs multiErr
	for _, f := range fields {
		if f == "" {
			errs = append(errs, nil)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func countFailures(inputs [][]string) map[error]int {
	failures := make(map[error]int)
	for _, in := range inputs {
		if err := validate(in); err != nil {
			failures[err]++ // want `map assignment panics with "hash of unhashable type a.multiErr".*returned by validate`
		}
	}
	return failures
}

// A method value is a func.
type handler struct{}

func (handler) serve() {}

func methodValueKey(seen map[any]bool, h handler) {
	seen[h.serve] = true // want `map assignment panics with "hash of unhashable type func\(\)"`
}
