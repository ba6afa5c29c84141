package neg

func made(words []string) map[string]int {
	m := make(map[string]int)
	for _, w := range words {
		m[w]++
	}
	return m
}

func literal() map[string]bool {
	m := map[string]bool{}
	m["x"] = true
	return m
}

func lazy(m map[string]int) map[string]int {
	if m == nil {
		m = make(map[string]int)
	}
	m["a"] = 1
	return m
}

func readNil() int {
	var m map[string]int
	return m["missing"] // reading a nil map is fine
}
