package disabled

func f() {
	m := map[string]int{}
	//mapguard:ignore nilmap the map used to be nil; nothing to suppress now
	m["a"] = 1
}
