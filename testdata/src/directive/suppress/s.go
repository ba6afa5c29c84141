package suppress

func trailing() {
	var m map[string]int
	m["a"] = 1 //mapguard:ignore nilmap demonstrates the panic on purpose
}

func above() {
	var m map[string]int
	//mapguard:ignore nilmap documented crash path for the test
	m["b"] = 1
}

func otherCheck() {
	var m map[string]int
	m["c"] = 1 /* want `assignment to nil map` */ //mapguard:ignore mapkey names a different check
}

func tooFar() {
	var m map[string]int
	//mapguard:ignore nilmap two lines up covers nothing

	m["e"] = 1 // want `assignment to nil map`
}

func trailingDoesNotCoverNext() {
	var m map[string]int
	_ = m //mapguard:ignore nilmap trailing covers only its own line
	m["f"] = 1 // want `assignment to nil map`
}
