package callers

import "time"

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

func (c *client) cbAdd(k string) { c.m[k]++ } // want `callers=2 complete=true`

func (c *client) cbRemove(k string) { delete(c.m, k) } // want `callers=2 complete=true`

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

func (c *gclient[T]) cbGAdd(k string) { var zero T; c.m[k] = zero } // want `callers=2 complete=true`

func (c *gclient[T]) cbGRemove(k string) { delete(c.m, k) } // want `callers=2 complete=true`

// A value that leaves the package has callers Callers cannot see: it lists
// the direct ones only, and they are not complete.
func Export() func() { return cbExported }

func cbExported() {} // want `callers=0 complete=false`

// A method called only through an unexported interface of the package: the
// interface calls are every call (no other package can name the method).
type pusher interface{ cbPush(string) }

type ring struct{ items []string }

func (r *ring) cbPush(s string) { r.items = append(r.items, s) } // want `callers=1 complete=true`

func fill(p pusher) { p.cbPush("x") }

func useRing() { fill(&ring{}) }

// A bound method value boxed in an interface, or handed to another
// package's function, may be called anywhere.
func (r *ring) cbBoxed() {} // want `callers=0 complete=false`

func (r *ring) cbHanded() {} // want `callers=0 complete=false`

func leak(r *ring) any {
	time.AfterFunc(time.Second, r.cbHanded)
	return r.cbBoxed
}

// Handed to a function of this package that calls it (on a goroutine):
// the go statement is the one call site.
func (r *ring) cbLocalRun() {} // want `callers=1 complete=true`

func start(r *ring) { run(r.cbLocalRun) }

func run(f func()) { go f() }
