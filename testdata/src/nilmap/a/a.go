package a

// A map declared and never made: the classic "assignment to entry in nil map".
func counts(words []string) map[string]int {
	var m map[string]int
	for _, w := range words {
		m[w]++ // want `assignment to nil map`
	}
	return m
}

type registry struct {
	byName map[string]int
}

func declaredThenFilled() {
	var seen map[int]bool
	seen[1] = true // want `assignment to nil map`
	_ = seen
}
