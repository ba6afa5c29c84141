package a

// A generic helper over any map type with an interface key: the key's
// dynamic type comes from the caller's conversion inside the function.
func markSeen[M ~map[any]bool](seen M, parts []string) {
	seen[parts] = true // want `hash of unhashable type \[\]string`
}

type tagRegistry map[any]int

func lookupIn[M map[any]int | tagRegistry](m M, tags []int) int {
	return m[tags] // want `hash of unhashable type \[\]int`
}

func forget[M ~map[any]int](m M, f func()) {
	delete(m, f) // want `hash of unhashable type func\(\)`
}
