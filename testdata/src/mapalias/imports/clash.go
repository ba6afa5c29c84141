package imports

import (
	"fmt"

	"mapalias/maps"
)

type Counts struct {
	N map[string]int
}

func (c Counts) Inc(k string) Counts {
	c.N[k]++ // want `c.N mutates a map shared with the caller's receiver`
	fmt.Println(maps.Keys(c.N))
	return c
}
