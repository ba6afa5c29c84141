package imports

import (
	"fmt"
	"sort"
)

type Index struct {
	Pos map[string]int
}

func (ix Index) Add(word string, maps []string) Index {
	ix.Pos[word] = len(maps) // want `ix.Pos mutates a map shared with the caller's receiver`
	sort.Strings(maps)
	fmt.Println(maps)
	return ix
}
