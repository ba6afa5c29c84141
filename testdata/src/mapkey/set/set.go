// Package set is a set of arbitrary items behind an interface, the shape of
// many utility "set" packages.
package set

// Set is a set of items.
type Set interface {
	Add(item any)           // want Add:`keyParams\(item\)`
	Discard(item any)       // want Discard:`keyParams\(item\)`
	Contains(item any) bool // want Contains:`keyParams\(item\)`
	Len() int
}

type mapSet map[any]struct{}

// New returns an empty set.
func New() Set { return mapSet{} } // want New:`unhashableResult\(0:set.mapSet\)`

func (s mapSet) Add(item any) { // want Add:`keyParams\(item\)`
	s[item] = struct{}{}
}

func (s mapSet) Discard(item any) { // want Discard:`keyParams\(item\)`
	delete(s, item)
}

func (s mapSet) Contains(item any) bool { // want Contains:`keyParams\(item\)`
	_, ok := s[item]
	return ok
}

func (s mapSet) Len() int { return len(s) }
