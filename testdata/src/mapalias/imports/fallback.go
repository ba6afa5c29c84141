package imports

import "mapalias/wrap"

// The values are *model.Spec, which has a DeepCopy method, but this file
// does not import model: the generic deep copy calls the method anyway.
func Without(s wrap.Set, name string) wrap.Set {
	delete(s.Specs, name) // want `s.Specs mutates a map shared with the caller's argument`
	return s
}
