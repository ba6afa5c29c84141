package neg

func suppressed() {
	var m map[string]int
	m["a"] = 1 //mapguard:ignore nilmap exercised by a crash test

	var n map[string]int
	//mapguard:ignore nilmap,directive both names are known; reason given
	n["b"] = 1
}
