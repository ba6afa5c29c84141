// Package negiface calls an interface whose implementation uses its
// argument as a map key, with a non-comparable value: without the opt-in
// -mapkey.interfaces, calls through interfaces are not followed (another
// implementation could behave differently).
package negiface

import "mapkey/set"

func discard(s set.Set, parts []string) {
	s.Discard(parts)
}
