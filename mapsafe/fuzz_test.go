package mapsafe

import (
	"fmt"
	"reflect"
	"testing"
)

// gen builds a value deterministically from fuzz input, so that calling it
// twice on the same bytes gives two separate but deep-equal values: one to
// copy and mutate around, one to compare against.
type gen struct {
	data []byte
	pos  int
	// containers created so far, for shared references and cycles
	maps   []map[string]any
	slices [][]any
	nodes  []*fnode
}

// fnode is a struct with pointers in every position, including unexported
// ones.
type fnode struct {
	Name   string
	Val    *int
	Next   *fnode
	Kids   []*fnode
	Attrs  map[string]any
	Data   []byte
	Arr    [2]*int
	Any    any
	secret *int
	byKey  map[int]*fnode
}

func (g *gen) byte() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return b
}

func (g *gen) str() string { return fmt.Sprintf("k%d", g.byte()%16) }

func (g *gen) any(depth int) any {
	if depth > 6 {
		return float64(g.byte())
	}
	switch g.byte() % 12 {
	case 0:
		return nil
	case 1:
		return g.str()
	case 2:
		return float64(int8(g.byte())) / 4 // never NaN
	case 3:
		return g.byte()%2 == 0
	case 4, 5:
		m := map[string]any{}
		g.maps = append(g.maps, m)
		for n := int(g.byte() % 5); n > 0; n-- {
			m[g.str()] = g.any(depth + 1)
		}
		return m
	case 6, 7:
		n := int(g.byte() % 5)
		s := make([]any, n)
		g.slices = append(g.slices, s)
		for i := range s {
			s[i] = g.any(depth + 1)
		}
		return s
	case 8: // a reference to an earlier (possibly enclosing) map: sharing or a cycle
		if len(g.maps) > 0 {
			return g.maps[int(g.byte())%len(g.maps)]
		}
		return "nomap"
	case 9:
		if len(g.slices) > 0 {
			return g.slices[int(g.byte())%len(g.slices)]
		}
		return "noslice"
	case 10:
		return g.node(depth + 1)
	default:
		return []byte{g.byte(), g.byte()}
	}
}

func (g *gen) intp() *int {
	if g.byte()%4 == 0 {
		return nil
	}
	v := int(g.byte())
	return &v
}

func (g *gen) node(depth int) *fnode {
	b := g.byte()
	if b%5 == 0 && len(g.nodes) > 0 {
		return g.nodes[int(g.byte())%len(g.nodes)] // shared or cyclic
	}
	if depth > 6 || b%7 == 1 {
		return nil
	}
	n := &fnode{Name: g.str(), Val: g.intp(), secret: g.intp()}
	g.nodes = append(g.nodes, n)
	n.Arr = [2]*int{g.intp(), g.intp()}
	n.Next = g.node(depth + 1)
	for k := int(g.byte() % 3); k > 0; k-- {
		n.Kids = append(n.Kids, g.node(depth+1))
	}
	if g.byte()%2 == 0 {
		n.Attrs = map[string]any{g.str(): g.any(depth + 1)}
	}
	if g.byte()%3 == 0 {
		n.Data = []byte{g.byte()}
	}
	if g.byte()%3 == 0 {
		n.Any = g.any(depth + 1)
	}
	if g.byte()%3 == 0 {
		n.byKey = map[int]*fnode{int(g.byte()): g.node(depth + 1)}
	}
	return n
}

func genTree(data []byte) map[string]any {
	g := &gen{data: data}
	root := map[string]any{}
	g.maps = append(g.maps, root)
	for n := int(g.byte()%8) + 1; n > 0; n-- {
		root[g.str()] = g.any(0)
	}
	return root
}

func genNodes(data []byte) map[string]*fnode {
	g := &gen{data: data}
	root := map[string]*fnode{}
	for n := int(g.byte()%4) + 1; n > 0; n-- {
		root[g.str()] = g.node(0)
	}
	return root
}

func FuzzDeepCopyMap(f *testing.F) {
	seeds := [][]byte{
		nil,
		{0},
		{3, 1, 4, 4, 2, 5, 1, 3, 8, 0},       // map with a self reference
		{2, 6, 6, 3, 9, 0, 1, 2, 4, 1, 8, 1}, // slices referencing each other
		{7, 10, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, // nodes
		{5, 10, 5, 0, 10, 2, 2, 2, 2, 0, 5, 0, 0}, // node cycles
		[]byte("a longer seed with many different bytes 0123456789"),
		[]byte{255, 254, 253, 252, 251, 250, 249, 248, 247, 246, 245, 244, 243, 242},
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, pair := range [][2]any{
			{genTree(data), genTree(data)},
			{genNodes(data), genNodes(data)},
		} {
			src, ref := pair[0], pair[1]
			var c any
			switch s := src.(type) {
			case map[string]any:
				c = DeepCopyMap(s)
			case map[string]*fnode:
				c = DeepCopyMap(s)
			}
			if !reflect.DeepEqual(src, c) {
				t.Fatalf("copy differs:\n src %v\ncopy %v", src, c)
			}
			if what := sharedAddr(src, c); what != "" {
				t.Fatalf("copy shares a %s with the source", what)
			}
			mutateAll(c)
			if !reflect.DeepEqual(src, ref) {
				t.Fatalf("mutating the copy changed the source")
			}
			// And the other way round: a copy is unaffected by later
			// writes to the source.
			c2 := DeepCopy(src)
			mutateAll(src)
			if !reflect.DeepEqual(c2, ref) {
				t.Fatalf("mutating the source changed a copy")
			}
		}
	})
}
