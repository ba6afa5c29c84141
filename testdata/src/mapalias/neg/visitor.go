package neg

import "go/ast"

// A value-receiver visitor that accumulates into a map it shares with its
// copies on purpose (the shape of go/ast walkers in the standard library's
// own tests): the copy is returned as an ast.Visitor, a handle, not a
// modified value.
type identCounter struct {
	seen map[string]int
}

func (v identCounter) Visit(n ast.Node) ast.Visitor {
	if id, ok := n.(*ast.Ident); ok {
		v.seen[id.Name]++
	}
	return v
}

func countIdents(f *ast.File) map[string]int {
	v := identCounter{seen: make(map[string]int)}
	ast.Walk(v, f)
	return v.seen
}

// The same through a closure returning the walker as an interface.
type walker interface{ Walk(string) }

type collector struct{ names map[string]bool }

func (c collector) Walk(s string) { c.names[s] = true }

func newWalker(c collector) func() walker {
	return func() walker {
		c.names["root"] = true
		return c
	}
}
