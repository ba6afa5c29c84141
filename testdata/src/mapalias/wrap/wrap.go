// Package wrap declares a struct whose map values come from a package its
// users need not import.
package wrap

import "mapalias/model"

type Set struct {
	Specs map[string]*model.Spec
}
