package imports

import (
	"fmt"
	gomaps "maps"
)

var _ = gomaps.Keys[map[int]int]

type Tags struct {
	Set map[string]bool
}

func (t Tags) With(tag string) Tags {
	t.Set[tag] = true // want `t.Set mutates a map shared with the caller's receiver`
	fmt.Println(len(t.Set))
	return t
}
