// Package proof holds representative positives as functions that the test
// executes: each Case function must panic with "hash of unhashable type",
// and each Found function must report that the key was not found.
package proof

import (
	"math"
	"math/big"
	"net"
	"strings"
	"sync"

	"mapkey/lib"
)

func CaseLiteral() {
	_ = map[any]int{[]string{"a"}: 1} // want `map literal panics with "hash of unhashable type \[\]string"`
}

func CaseNilMapLookup() {
	var m map[any]int
	_ = m[[]int{1}] // want `map lookup panics with "hash of unhashable type \[\]int"`
}

func CaseDeleteFunc() {
	m := map[any]int{}
	delete(m, func() {}) // want `delete panics with "hash of unhashable type func\(\)"`
}

type Key struct {
	Name  string
	Extra any
}

func CaseStructKey() {
	m := map[Key]int{}
	m[Key{Name: "n", Extra: map[string]int{}}]++ // want `map assignment panics with "hash of unhashable type map\[string\]int"`
}

func CaseSyncMap() {
	var sm sync.Map
	sm.Load([]byte("k")) // want `\(\*sync.Map\).Load panics with "hash of unhashable type \[\]uint8"`
}

func CaseOnePath() {
	names := []string{"a", "b"}
	joined := len(names) > 5
	var k any = names
	if joined {
		k = strings.Join(names, ",")
	}
	m := map[any]int{}
	m[k]++ // want `map assignment panics with "hash of unhashable type \[\]string"`
}

type multiErr []error

func (e multiErr) Error() string { return "errors" }

func CaseErrorKey() {
	seen := map[error]int{}
	var err error = multiErr{nil}
	seen[err]++ // want `map assignment panics with "hash of unhashable type proof.multiErr"`
}

func CaseAcrossPackages() {
	var c lib.Cache
	c.Put(strings.Fields("a b"), 1) // want `call panics with "hash of unhashable type \[\]string".*parameter key of \(\*Cache\).Put`
}

func CaseTransitive() {
	lib.Remember(map[int]bool{}) // want `call panics with "hash of unhashable type map\[int\]bool".*parameter v of Remember`
}

func CaseResult() {
	counts := map[error]int{}
	if err := lib.Validate(""); err != nil {
		counts[err]++ // want `map assignment panics with "hash of unhashable type lib.Errors"`
	}
}

// net.IP is a []byte: the shape of a real panic in a test-data generator
// ("hash of unhashable type net.IP").
func CaseNetIP() {
	vals := make(map[any]any)
	vals[net.ParseIP("10.0.0.1")] = 1 // want `map assignment panics with "hash of unhashable type net.IP"`
}

// big.Int values hold a slice; *big.Int would be fine.
func CaseBigInt() {
	seen := map[any]bool{}
	seen[*big.NewInt(42)] = true // want `map assignment panics with "hash of unhashable type big.Int"`
}

func FoundNaN() bool {
	m := map[float64]int{}
	m[math.NaN()] = 1      // want `map assignment with a NaN key adds an entry that can never be found`
	_, ok := m[math.NaN()] // want `map lookup with a NaN key never finds an entry`
	return ok || len(m) != 1
}

type T struct{ N int }

func FoundFresh() bool {
	m := map[*T]int{}
	for i := 0; i < 3; i++ {
		m[&T{N: 1}] = i
	}
	_, ok := m[&T{N: 1}] // want `map lookup with the address of a fresh composite literal never finds an entry`
	return ok
}
