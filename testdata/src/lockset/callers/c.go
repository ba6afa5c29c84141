package callers

// Bound method values stored in a field and called through it: Callers
// resolves the calls of the field's func values to the method, for plain
// and for generic receiver types. It matches calls by signature, so each
// callback here gets both calls of a func(string).

type bundle struct {
	add    func(string)
	remove func(string)
}

type client struct {
	b bundle
	m map[string]int
}

func newClient() *client {
	c := &client{m: map[string]int{}}
	c.b = bundle{add: c.cbAdd, remove: c.cbRemove}
	return c
}

func (c *client) cbAdd(k string) { c.m[k]++ } // want `callers=2`

func (c *client) cbRemove(k string) { delete(c.m, k) } // want `callers=2`

func (b *bundle) Add(k string)    { b.add(k) }
func (b *bundle) Remove(k string) { b.remove(k) }

type gclient[T any] struct {
	b bundle
	m map[string]T
}

func newGClient[T any]() *gclient[T] {
	c := &gclient[T]{m: map[string]T{}}
	c.b = bundle{add: c.cbGAdd, remove: c.cbGRemove}
	return c
}

func (c *gclient[T]) cbGAdd(k string) { var zero T; c.m[k] = zero } // want `callers=2`

func (c *gclient[T]) cbGRemove(k string) { delete(c.m, k) } // want `callers=2`

// A value that leaves the package has callers Callers cannot see: it lists
// the direct ones only.
func Export() func() { return cbExported }

func cbExported() {} // want `callers=0`
