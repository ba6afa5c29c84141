package shapes

// Shapes that go/ssa and the IR build differently, for nilmap's choice of
// the functions whose IR it builds (candidates.go): it must never skip a
// function SA5000 reports in.

func use(*map[string]int) {}

// The address escapes after the write: the IR lifts the uses before the
// escape (the write sees the nil constant), go/ssa lifts none of them.
func escapesAfter() {
	var m map[string]int
	m["a"] = 1 // want `assignment to nil map`
	use(&m)
}

// The address escapes first: neither form lifts the write's load.
func escapesBefore() {
	var m map[string]int
	use(&m)
	m["a"] = 1
}

// Escapes after the write, assigned a made map first.
func escapesAfterMade() {
	m := make(map[string]int)
	m["a"] = 1
	use(&m)
}

// Escapes after the write, nil assigned explicitly.
func escapesAfterAssigned(n map[string]int) {
	m := n
	m = nil
	m["a"] = 1 // want `assignment to nil map`
	use(&m)
}

// A copy of a nil variable.
func copied() {
	var a map[string]int
	b := a
	b["x"] = 1 // want `assignment to nil map`
}

// A copy whose address escapes after the write.
func copiedEscapes() {
	var a map[string]int
	b := a
	b["x"] = 1 // want `assignment to nil map`
	use(&b)
}

type namedMap map[string]int

// A conversion of a nil map.
func converted() {
	var m map[string]int
	namedMap(m)["a"] = 1
}

// A named result in a function that may recover: not lifted.
func recovers() (m map[string]int) {
	defer func() { recover() }()
	m["a"] = 1
	return m
}

// In a function literal.
func literal() {
	func() {
		var m map[int]int
		m[1] = 1 // want `assignment to nil map`
	}()
}

// In a function literal of a package-level variable (the package
// initializer's).
var initLiteral = func() {
	var m map[int]int
	m[1] = 1 // want `assignment to nil map`
}

// A method of a generic type.
type box[K comparable] struct{}

func (box[K]) put(k K) {
	var m map[K]bool
	m[k] = true // want `assignment to nil map`
}

// A loop carrying the nil map.
func loop(keys []string) {
	var m map[string]int
	for i, k := range keys {
		m[k] = i // want `assignment to nil map`
	}
}

// Assigned in a loop after the write.
func loopMade(keys []string) {
	var m map[string]int
	for i, k := range keys {
		m[k] = i
		m = make(map[string]int)
	}
}
