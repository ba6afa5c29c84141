package mapaccess

// Locks held at an access come from internal/lockset (must-hold sets:
// Lock/RLock/TryLock/defer, lock helpers, ...Locked functions, annotations);
// this file converts them into mapref.Path form so that they travel through
// the same frames (substitution at calls, go statements and closures) as the
// maps they protect.

import (
	"strings"

	"github.com/mapguard/mapguard/internal/lockset"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/ssa"
)

// Lock is a lock held at an access.
type Lock struct {
	// Path names the mutex in the frame of the access's function. Its
	// fields are the lockset's dotted field names (not FieldKeys). A Local
	// root may belong to an enclosing function (a closure locking a
	// captured mutex).
	Path   mapref.Path
	Shared bool // held with RLock
	// Type is lockset's type-level identity ("(pkg.T).mu", "pkg.mu"), or "".
	Type string
	// Inherited: a closure inherits the lock from its creator because it is
	// passed to a call; for goroutine roots such as wg.Go that is wrong, and
	// mapconcurrent drops these.
	Inherited bool
	Name      string // source expression, for messages
}

// lockFromHeld converts a lockset lock held in fn.
func lockFromHeld(h lockset.Held, fn *ssa.Function) (Lock, bool) {
	p := rootPath(h.Key.Root, fn)
	if !p.Valid() {
		return Lock{}, false
	}
	if h.Key.Path != "" {
		for _, f := range strings.Split(h.Key.Path, ".") {
			p = p.Field(f)
		}
		if !p.Valid() {
			return Lock{}, false
		}
	}
	return Lock{Path: p, Shared: h.Kind == lockset.Shared, Type: h.Type,
		Inherited: h.Origin == lockset.Inherited, Name: h.Name}, true
}

// rootPath names a lock's root value from fn's point of view: its own
// parameters and free variables, package variables, and any other value
// (its own locals, or an enclosing function's) as a Local root.
func rootPath(v ssa.Value, fn *ssa.Function) mapref.Path {
	switch v := v.(type) {
	case nil:
		return mapref.Path{}
	case *ssa.Global:
		return mapref.Path{Kind: mapref.Global, Name: mapref.GlobalName(v)}
	case *ssa.Parameter:
		if v.Parent() == fn {
			for i, p := range fn.Params {
				if p == v {
					return mapref.Path{Kind: mapref.Param, Index: i}
				}
			}
		}
	case *ssa.FreeVar:
		if v.Parent() == fn {
			for i, p := range fn.FreeVars {
				if p == v {
					return mapref.Path{Kind: mapref.FreeVar, Index: i}
				}
			}
		}
	}
	return mapref.Path{Kind: mapref.Local, Value: v}
}

// SubstLock rewrites a lock path from a callee's frame into caller's: like
// mapref.Frame.Subst, but a Local root (a value of an enclosing function the
// lockset resolved a closure's mutex to) is kept, and becomes a Param root
// when it is a parameter of caller.
func SubstLock(f mapref.Frame, p mapref.Path, caller *ssa.Function) mapref.Path {
	if p.Kind == mapref.Local {
		return withFields(rootPath(p.Value, caller), p.Fields)
	}
	q := subst(f, p)
	if q.Kind == mapref.Local && caller != nil {
		return withFields(rootPath(q.Value, caller), q.Fields)
	}
	return q
}

// subst is f.Subst(p), sharing p.Fields when the argument's path has no
// fields of its own (Frame.Subst adds them one by one, copying at each).
func subst(f mapref.Frame, p mapref.Path) mapref.Path {
	if len(p.Fields) == 0 || (p.Kind != mapref.Param && p.Kind != mapref.FreeVar) {
		return f.Subst(p)
	}
	root := p
	root.Fields = nil
	return withFields(f.Subst(root), p.Fields)
}

// withFields is q.Field(f) for each f of fields, for a q without fields
// (rootPath's, or a frame's argument), sharing fields instead of copying it at every step: paths
// never modify their Fields in place (Path.Field copies).
func withFields(q mapref.Path, fields []string) mapref.Path {
	if len(fields) == 0 {
		return q
	}
	if !q.Valid() || len(q.Fields) != 0 || len(fields) > mapref.MaxFields {
		if len(q.Fields) != 0 {
			for _, fk := range fields {
				q = q.Field(fk)
			}
			return q
		}
		return mapref.Path{}
	}
	q.Fields = fields
	return q
}

// LocksAt returns the locks held on every path to instr. The list is
// shared (memoised per lock state): callers must not modify it.
func (r *Result) LocksAt(instr ssa.Instruction) []Lock {
	fn := instr.Parent()
	f := r.ls.Func(fn)
	if f == nil {
		return nil
	}
	k := locksAtKey{fn: fn, must: f.Before(instr)}
	// A lock taken only when a bool parameter says so (doLock) counts as
	// held wherever it may be held: see lockset.ConditionalLocks.
	ks := r.ls.ConditionalLocks(fn)
	if len(ks) > 0 {
		k.may = f.MayBefore(instr)
	}
	if out, ok := r.locksAt[k]; ok {
		return out
	}
	var out []Lock
	for _, h := range k.must.Locks() {
		if l, ok := lockFromHeld(h, fn); ok {
			out = append(out, l)
		}
	}
	if len(ks) > 0 {
		for _, h := range k.may.Locks() {
			if _, ok := k.must.Lookup(h.Key); ok || !ks[h.Key] {
				continue
			}
			if l, ok := lockFromHeld(h, fn); ok {
				out = append(out, l)
			}
		}
	}
	out = out[:len(out):len(out)]
	r.locksAt[k] = out
	return out
}

// locksAtKey is what LocksAt's result depends on: the function (lock
// roots are named in its frame, and its conditional locks) and its lock
// sets before the instruction (lockset's sets are immutable and shared).
type locksAtKey struct {
	fn        *ssa.Function
	must, may *lockset.Set
}

// Excludes reports whether two accesses cannot run at the same time: they
// hold a common lock (the same path in one frame, or the same type-level
// identity) and at least one of them holds it exclusively. Two readers
// under RLock do not exclude each other, so a write under RLock races with
// a read under RLock.
func Excludes(a, b []Lock) bool {
	for _, la := range a {
		for _, lb := range b {
			same := (la.Path.Valid() && la.Path.Same(lb.Path)) || (la.Type != "" && la.Type == lb.Type)
			if same && (!la.Shared || !lb.Shared) {
				return true
			}
		}
	}
	return false
}

// CallerLocks returns, for each direct call site of fn in the package (calls,
// defers and go statements excluded: a go statement's callee holds none of
// its creator's locks), the locks held there in the caller's frame.
func (r *Result) CallerLocks(fn *ssa.Function) [][]Lock {
	var out [][]Lock
	for _, site := range r.ls.CallSites(fn) {
		if _, ok := site.(*ssa.Go); ok {
			continue
		}
		out = append(out, r.LocksAt(site))
	}
	return out
}
