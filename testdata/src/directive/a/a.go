package a

func trailing() {
	var m map[string]int
	m["a"] = 1 //mapguard:ignore nilmap demonstrates the panic on purpose
}

func above() {
	var m map[string]int
	//mapguard:ignore nilmap documented crash path for the test
	m["b"] = 1
}

func noReason() {
	var m map[string]int
	/* want `//mapguard:ignore nilmap needs a reason` */ //mapguard:ignore nilmap
	m["c"] = 1
}

func unused() {
	m := map[string]int{}
	/* want `//mapguard:ignore nilmap suppresses nothing: remove it` */ //mapguard:ignore nilmap the map used to be nil
	m["d"] = 1
}

func unknown() {
	/* want `names unknown check nosuchcheck` */ //mapguard:ignore nosuchcheck reason given
	_ = 1
}

func malformed() {
	/* want `malformed //mapguard:ignore` */ //mapguard:ignore
	_ = 2
}

func tooFar() {
	var m map[string]int
	/* want `suppresses nothing` */ //mapguard:ignore nilmap a directive two lines up covers nothing

	m["e"] = 1
}
