// Package guardedmap defines mapguard's guardedmap check: struct map fields
// used without the mutex that guards them.
package guardedmap

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
	"github.com/mapguard/mapguard/internal/guards"
	"github.com/mapguard/mapguard/internal/lockset"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Name is the check's stable name.
const Name = "guardedmap"

const doc = `report struct map fields used without the mutex that guards them

A struct map field is guarded by a mutex when a +checklocks:mu annotation
or a "guarded by mu" / "mu protects items" comment says so, or when the
package's own functions access it with a sibling mutex held (at least
-guardedmap.min observations and a weighted share of -guardedmap.ratio,
writes weighing twice as much as reads). The check reports:

  - an access (read or write) without the guard, or with the guard held on
    some paths but not all;
  - a mutation (index assignment, delete, clear, maps.Copy...) while only
    the read lock (RLock) is held; the suggested fix turns RLock/RUnlock
    into Lock/Unlock (review it: it changes locking);
  - the map escaping its critical section: read under the lock and used
    after the unlock, or handed to a goroutine.

Constructors (values allocated in the function, and functional options
only ever applied to such values), sync.Once initialisers,
functions that require the lock (+checklocks, a name ending in Locked, a
"must hold mu" doc comment, or every caller holds it), unexported helpers
some caller calls with the lock held, reads after a wait for the writing
goroutines (wg.Wait, <-done), test files, and map fields never mutated
outside constructors are not reported.

With -guardedmap.globals, package-level map variables guarded by
package-level mutex variables are checked by the same rules (init
functions and what only they call are not evidence and not reported).`

// Analyzer reports struct map fields used without their guard.
var Analyzer = &analysis.Analyzer{
	Name:             Name,
	Doc:              doc,
	URL:              "https://github.com/mapguard/mapguard/blob/main/docs/checks/guardedmap.md",
	Requires:         []*analysis.Analyzer{guards.Analyzer, lockset.Analyzer, buildssa.Analyzer},
	RunDespiteErrors: true,
	Run:              run,
}

var (
	ratioFlag   = guards.DefaultPolicy.Ratio
	minFlag     = guards.DefaultPolicy.Min
	callersFlag = true
	globalsFlag = false
)

func init() {
	fs := &Analyzer.Flags
	fs.Float64Var(&ratioFlag, "ratio", guards.DefaultPolicy.Ratio,
		"minimum weighted share of accesses made with a mutex held to infer that it guards a map field (writes weigh 2, reads 1)")
	fs.BoolVar(&callersFlag, "callers", true,
		"stay silent on an unguarded access in an unexported function or closure that some in-package caller calls with the guard held (set false to report those too)")
	fs.BoolVar(&globalsFlag, "globals", false,
		"also check package-level map variables against the package-level mutex that guards them (annotation, comment or inference, as for fields)")
	fs.IntVar(&minFlag, "min", guards.DefaultPolicy.Min,
		"minimum number of accesses made with a mutex held to infer that it guards a map field")
}

type checker struct {
	pass       *analysis.Pass
	gs         *guards.Result
	ls         *lockset.Result
	policy     guards.Policy
	fixed      map[fixKey]bool
	unguarded  map[unguardedKey]bool
	liveBlocks map[*ssa.Function]map[*ssa.BasicBlock]bool
	// lockedFields: imported map fields this package accesses with their
	// guard held somewhere (locksField).
	lockedFields map[*types.Var]bool
}

type unguardedKey struct {
	fn    *ssa.Function
	field *types.Var
	key   lockset.Key
}

type fixKey struct {
	fn  *ssa.Function
	key lockset.Key
}

func run(pass *analysis.Pass) (any, error) {
	gs := pass.ResultOf[guards.Analyzer].(*guards.Result)
	c := &checker{
		pass:       pass,
		gs:         gs,
		ls:         pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		policy:     guards.Policy{Ratio: ratioFlag, Min: minFlag},
		fixed:      map[fixKey]bool{},
		unguarded:  map[unguardedKey]bool{},
		liveBlocks: map[*ssa.Function]map[*ssa.BasicBlock]bool{},

		lockedFields: map[*types.Var]bool{},
	}
	for _, acc := range gs.Accesses() {
		if acc.Context != guards.Normal {
			continue
		}
		g := gs.Guard(acc.Field, c.policy)
		if g == nil {
			continue
		}
		if g.Source == guards.Inferred && acc.Field.Pkg() != pass.Pkg && !c.locksField(gs, acc.Field, g) {
			// A guard inferred in the defining package for a field this
			// package never touches with the lock held: the values here
			// are its own (per request, freshly decoded, owned by one
			// goroutine). terraform-plugin-sdk's helper/schema reads
			// InstanceState.Meta everywhere and never takes its legacy
			// lock, which only terraform's own methods use.
			continue
		}
		if !c.live(acc.Func.Function())[acc.Site().Block()] {
			continue // dead code: if constFalse { ... }
		}
		c.check(acc, g)
	}
	if globalsFlag {
		for _, acc := range gs.GlobalAccesses() {
			if acc.Context != guards.Normal {
				continue
			}
			g := gs.Guard(acc.Field, c.policy)
			if g == nil || !c.live(acc.Func.Function())[acc.Site().Block()] {
				continue
			}
			c.check(acc, g)
		}
	}
	return nil, nil
}

// excludesWriters reports whether a lock held at the read at (by
// type-level identity) is held exclusively by every write of acc's field in
// the package (outside constructors), and there is at least one. A write
// counts as holding it when its function takes it, or when every caller of
// that (unexported) function holds it or calls it on a value under
// construction (guards.Result.WriteExcludedBy: river's producer map, written
// through method values the queue bundle calls under its startStopMu). The
// read's locks include those every caller of its function holds
// (guards.Result.CallersHold: Start's closures).
func (c *checker) excludesWriters(acc *guards.Access, at ssa.Instruction) bool {
	var types []string
	for _, h := range acc.Func.Before(at).Locks() {
		types = append(types, h.Type)
	}
	// Locks every caller of the reading function holds (a closure Start
	// calls with startStopMu held); -guardedmap.callers=false turns
	// caller-held locks off here too.
	if callersFlag {
		types = append(types, c.gs.CallersHold(acc.Func.Function())...)
	}
	for _, typ := range types {
		if typ == "" {
			continue
		}
		writes, ok := 0, true
		for _, w := range c.accessesOf(acc) {
			if w.Field != acc.Field || !w.Write || w.Context != guards.Normal {
				continue
			}
			if _, isStore := w.WriteInstr.(*ssa.Store); isStore {
				continue // assigning the field, not writing the map
			}
			writes++
			if !c.gs.WriteExcludedBy(w, typ) {
				ok = false
				break
			}
		}
		if ok && writes > 0 {
			return true
		}
	}
	return false
}

// referenceOnly reports whether every use of the map acc loads stores
// the reference into a field or element of another value (a composite
// literal being built): no lookup, range or call happens here.
func referenceOnly(acc *guards.Access) bool {
	n := 0
	for _, load := range acc.Loads {
		refs := load.Referrers()
		if refs == nil {
			return false
		}
		for _, ref := range *refs {
			if _, ok := ref.(*ssa.DebugRef); ok {
				continue
			}
			st, ok := ref.(*ssa.Store)
			if !ok || st.Val != load {
				return false
			}
			switch st.Addr.(type) {
			case *ssa.FieldAddr, *ssa.IndexAddr:
			default:
				return false
			}
			n++
		}
	}
	return n > 0
}

// accessesOf returns the accesses of the kind of acc: struct map fields
// or package-level map variables.
func (c *checker) accessesOf(acc *guards.Access) []*guards.Access {
	if acc.Global != nil {
		return c.gs.GlobalAccesses()
	}
	return c.gs.Accesses()
}

// locksField reports whether this package accesses field (of another
// package) with its guard held at least once.
func (c *checker) locksField(gs *guards.Result, field *types.Var, g *guards.Guard) bool {
	if v, ok := c.lockedFields[field]; ok {
		return v
	}
	v := false
	for _, acc := range gs.Accesses() {
		if acc.Field != field {
			continue
		}
		if _, held := acc.HeldAt(acc.At(), g.Mutex, false); held {
			v = true
			break
		}
	}
	c.lockedFields[field] = v
	return v
}

func (c *checker) guardName(acc *guards.Access, g *guards.Guard) string {
	if n := acc.Name; n != "" {
		// acc.Name is "x.items"; the guard is its sibling "x.mu".
		for i := len(n) - 1; i >= 0; i-- {
			if n[i] == '.' {
				return n[:i+1] + g.Mutex
			}
		}
	}
	return g.Mutex
}

func (c *checker) why(acc *guards.Access, g *guards.Guard, mu string) (string, []analysis.RelatedInformation) {
	var rel []analysis.RelatedInformation
	var why string
	switch g.Source {
	case guards.Annotation, guards.Comment:
		why = fmt.Sprintf("%s is guarded by %s (%s)", acc.Name, mu, g.Reason)
		pos := g.Field.Pos()
		if g.MutexField != nil {
			pos = g.MutexField.Pos()
		}
		rel = append(rel, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("guard declared here (%s)", g.Reason)})
	default:
		why = g.Evidence(c.pass.Fset, acc.Name, mu)
		for _, s := range g.Sites {
			if s.Locked && len(rel) < 3 {
				rel = append(rel, analysis.RelatedInformation{Pos: s.Pos, Message: fmt.Sprintf("%s accessed with %s held here (%s)", acc.Name, mu, s.Func)})
			}
		}
		if len(rel) == 0 {
			rel = append(rel, analysis.RelatedInformation{Pos: g.Field.Pos(), Message: fmt.Sprintf("%s inferred from other packages' facts to be guarded by %s", g.Field.Name(), g.Mutex)})
		}
	}
	return why, rel
}

func (c *checker) check(acc *guards.Access, g *guards.Guard) {
	f := acc.Func
	key := acc.MutexKey(g.Mutex)
	mu := c.guardName(acc, g)
	verb := "read"
	if acc.Write {
		verb = "written"
	}
	at := acc.At()
	must, held := acc.HeldAt(at, g.Mutex, false)
	if !held {
		if !acc.Write && (g.ReadOnly || acc.LenOnly) {
			return
		}
		if !acc.Write && acc.Global != nil && referenceOnly(acc) {
			// data := pageData{Traces: completedTraces}: the reference
			// is copied into a value whose later uses we do not follow
			// (x/net/trace renders it under the read lock); copying a
			// map reference cannot crash, the lookups can.
			return
		}
		if _, isStore := acc.WriteInstr.(*ssa.Store); isStore {
			// c.items = make(...) unlocked: a race on the field (usually
			// initialisation before the value is shared), not a map
			// access that can crash; not reported by default.
			return
		}
		// The function requires (or inherits) the guard on entry but the
		// analysis lost it on the way (a callee's summary released it):
		// the function's own protocol says it is held; stay silent.
		typ := acc.TypeID(g.Mutex)
		for _, h := range f.Entry().Locks() {
			if h.Key == key || (typ != "" && h.Type == typ) {
				return
			}
		}
		// One report per function and field: the first unguarded access.
		uk := unguardedKey{f.Function(), acc.Field, acc.MutexKey(g.Mutex)}
		if c.unguarded[uk] {
			return
		}
		c.unguarded[uk] = true
		why, rel := c.why(acc, g, mu)
		if may, some := acc.HeldAt(at, g.Mutex, true); some {
			if may.Origin != lockset.Acquired || c.conditional(f.Function(), may.Key) {
				// The lock came from the caller and this function dropped
				// it on some path, or the function locks only when asked
				// (match(subject, doLock bool)): the caller's protocol,
				// not evidence of a missing lock.
				return
			}
			rel = append([]analysis.RelatedInformation{{Pos: may.Pos, Message: fmt.Sprintf("%s is locked here on some paths only", mu)}}, rel...)
			c.pass.Report(analysis.Diagnostic{Pos: acc.Pos(), Category: Name,
				Message: fmt.Sprintf("%s is %s with %s held on some paths but not all: %s", acc.Name, verb, mu, why), Related: rel})
			return
		}
		if !acc.Write && c.passedWithGuard(acc, key, acc.TypeID(g.Mutex)) {
			// loop(&w.mu, w.subscribed): the map travels with its mutex;
			// the callee locks around its uses (centrifuge's PUB/SUB loop).
			return
		}
		if !acc.Write && c.excludesWriters(acc, at) {
			// The read holds another lock that every write of the field
			// also holds exclusively (writers take the owner's mu and the
			// sibling mu; redcon's PubSub cleanup holds ps.mu only):
			// no writer can run.
			return
		}
		if !acc.Write && c.afterJoin(f.Function(), at, 0) {
			// Close: close(stop); wg.Wait(); for ... range c.items: the
			// function reads after waiting for the goroutines that write
			// (or every caller does): ordering, not a missing lock.
			return
		}
		if c.testOnly(f.Function()) {
			// GetAPIRegistry of an unexported type, called only by tests
			// that sequence their own calls (or dead code): no concurrent
			// path exists.
			return
		}
		if documentedOrdering(f.Function()) {
			// "It must not be called until after WriteHeader": the doc
			// states a happens-before protocol instead of a lock.
			return
		}
		if callersFlag && guards.CallerHolds(c.ls, f.Function(), acc.TypeID(g.Mutex)) {
			// An unexported helper (or closure) called with the guard held
			// somewhere in the package: the lock protocol lives in its
			// callers, which the inference could not follow (recursion,
			// closures, conditional locking). Not evidence of a bug.
			return
		}
		c.pass.Report(analysis.Diagnostic{Pos: acc.Pos(), Category: Name,
			Message: fmt.Sprintf("%s is %s without holding %s: %s", acc.Name, verb, mu, why), Related: rel})
		return
	}
	if acc.Write && must.Kind == lockset.Shared {
		if _, isStore := acc.WriteInstr.(*ssa.Store); isStore {
			// c.items = make(...) under RLock: a race on the field, not
			// on the map (readers keep the map they loaded); as for an
			// unlocked assignment, not reported.
			return
		}
		if c.exclusiveSibling(acc, g, at) {
			// Writers hold prio.RLock and mu.Lock; the owner swaps the
			// map under prio.Lock (go-libp2p-pubsub's peer notifier): the
			// sibling mutex serialises the writers, the read lock keeps
			// the owner out. A two-lock protocol, not a race.
			return
		}
		why, rel := c.why(acc, g, mu)
		rel = append([]analysis.RelatedInformation{{Pos: must.Pos, Message: fmt.Sprintf("only the read lock of %s is taken here", mu)}}, rel...)
		d := analysis.Diagnostic{Pos: acc.Pos(), Category: Name,
			Message: fmt.Sprintf("%s is written while holding only the read lock %s.RLock(): concurrent readers race with this write (%s)", acc.Name, mu, why),
			Related: rel}
		if must.Origin == lockset.Acquired {
			if fix, ok := c.rlockFix(f.Function(), key, mu); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		c.pass.Report(d)
		return
	}
	if g.ReadOnly {
		return
	}
	c.escapes(acc, g, key, mu)
}

// escapes reports loads of the guarded map made under the lock whose value
// is used after the lock is released or handed to a goroutine.
func (c *checker) escapes(acc *guards.Access, g *guards.Guard, key lockset.Key, mu string) {
	if g.CopyOnWrite || c.reassigned(acc) {
		// m := c.items; c.items = make(...) (or nil): the old map now
		// belongs to this function (a swap), it may use it unlocked.
		return
	}
	for _, load := range acc.Loads {
		if _, ok := acc.HeldAt(load, g.Mutex, false); !ok {
			continue
		}
		for _, ref := range aliasUses(load) {
			what := ""
			switch u := ref.(type) {
			case *ssa.Lookup:
				if u.X == load || isLoadOf(u.X, load) {
					what = "read"
				}
			case *ssa.Range:
				if u.X == load || isLoadOf(u.X, load) {
					what = "iterated"
				}
			case *ssa.MapUpdate:
				if u.Map == load || isLoadOf(u.Map, load) {
					what = "written"
				}
			case *ssa.Call:
				if guards.MutatesMap(u, load, nil) || (len(u.Call.Args) > 0 && isLoadOf(u.Call.Args[0], load) && guards.MutatesMap(u, u.Call.Args[0], nil)) {
					what = "written"
				}
			case *ssa.Go:
				c.reportGo(acc, load, u, mu, g)
				continue
			case *ssa.MakeClosure:
				if crefs := u.Referrers(); crefs != nil {
					for _, cr := range *crefs {
						if gs, ok := cr.(*ssa.Go); ok && gs.Call.Value == u {
							c.reportGo(acc, load, gs, mu, g)
						}
					}
				}
				continue
			}
			if what == "" {
				continue
			}
			if _, ok := acc.HeldAt(ref, g.Mutex, false); ok {
				continue
			}
			why, rel := c.why(acc, g, mu)
			rel = append([]analysis.RelatedInformation{{Pos: load.Pos(), Message: fmt.Sprintf("%s is read here with %s held", acc.Name, mu)}}, rel...)
			pos := ref.Pos()
			if !pos.IsValid() {
				pos = load.Pos()
			}
			c.pass.Report(analysis.Diagnostic{Pos: pos, Category: Name,
				Message: fmt.Sprintf("the map in %s escapes its critical section: it is %s here after %s is released (%s)", acc.Name, what, mu, why),
				Related: rel})
		}
	}
}

// orderingDoc matches doc comments that state a happens-before contract:
// "must not be called until after WriteHeader", "may only be called after
// Start returns", "only call this before Serve".
var orderingDoc = regexp.MustCompile(`(?i)\b(must|may|should|can) (not|only) be called (until|after|before|once)\b|\bonly (be )?call(ed)? (this |it )?(after|before|once)\b|\bnot (be )?called (until|before)\b`)

// documentedOrdering reports whether fn's doc comment states that it runs
// only after (or before) some other event: the caller's contract orders
// the access, like a "called with mu held" comment does with a lock.
func documentedOrdering(fn *ssa.Function) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return false
	}
	return orderingDoc.MatchString(strings.Join(strings.Fields(decl.Doc.Text()), " "))
}

// exclusiveSibling reports whether a mutex of acc's struct other than the
// guard is held exclusively at instr.
func (c *checker) exclusiveSibling(acc *guards.Access, g *guards.Guard, at ssa.Instruction) bool {
	if acc.Global != nil {
		// Another package-level mutex held exclusively.
		for _, m := range acc.Global.Pkg.Members {
			if mg, ok := m.(*ssa.Global); ok && mg.Name() != g.Mutex && lockset.IsMutex(mg.Type().(*types.Pointer).Elem()) {
				if h, ok := acc.HeldAt(at, mg.Name(), false); ok && h.Kind == lockset.Exclusive {
					return true
				}
			}
		}
		return false
	}
	st, ok := acc.Struct.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	if acc.Within != "" {
		// The siblings of a map in an anonymous struct field are that
		// struct's fields.
		st = nil
		outer := acc.Struct.Underlying().(*types.Struct)
		for i := 0; i < outer.NumFields(); i++ {
			if f := outer.Field(i); f.Name() == acc.Within {
				st, _ = types.Unalias(f.Type()).(*types.Struct)
			}
		}
		if st == nil {
			return false
		}
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Name() == g.Mutex || !lockset.IsMutex(f.Type()) {
			continue
		}
		if h, ok := acc.HeldAt(at, f.Name(), false); ok && h.Kind == lockset.Exclusive {
			return true
		}
	}
	return false
}

// passedWithGuard reports whether every use of the map acc loads is as an
// argument of a call that also receives the guard's mutex (by key, or by
// type-level identity typ): loop(&w.mu, w.subscribed).
func (c *checker) passedWithGuard(acc *guards.Access, key lockset.Key, typ string) bool {
	if len(acc.Loads) == 0 {
		return false
	}
	for _, load := range acc.Loads {
		refs := load.Referrers()
		if refs == nil {
			return false
		}
		uses := 0
		for _, ref := range *refs {
			if _, ok := ref.(*ssa.DebugRef); ok {
				continue
			}
			uses++
			call, ok := ref.(ssa.CallInstruction)
			if !ok || call.Common().Value == load {
				return false
			}
			withGuard := false
			for _, arg := range call.Common().Args {
				if arg == load {
					continue
				}
				if l, ok := c.ls.ResolveLock(arg); ok && (l.Key == key || (typ != "" && l.Type == typ)) {
					withGuard = true
				}
			}
			if !withGuard {
				return false
			}
		}
		if uses == 0 {
			return false
		}
	}
	return true
}

// afterJoin reports whether instr runs after fn waited for other
// goroutines to finish: every path to it passes a wait
// (goroutines.IsCompletionWait); or fn is an unexported
// function or a method of an unexported type whose every call in the
// package runs after such a join (depth bounded).
func (c *checker) afterJoin(fn *ssa.Function, instr ssa.Instruction, depth int) bool {
	if depth > 2 || fn == nil {
		return false
	}
	if goroutines.WaitedBefore(instr, goroutines.IsCompletionWait) {
		return true
	}
	if fn.Parent() != nil || fn.Object() == nil || !internalFunc(fn) {
		return false
	}
	n := 0
	for _, site := range c.ls.CallSites(fn) {
		if lockset.InTestFile(c.pass.Fset, site.Pos()) {
			continue // tests sequence their own calls
		}
		call, ok := site.(*ssa.Call)
		if !ok || !c.afterJoin(call.Parent(), call, depth+1) {
			return false
		}
		n++
	}
	return n > 0
}

// testOnly reports whether fn can only be called from its package and
// every call of it is in a test file (an accessor kept for tests), or it
// is an unexported function nothing calls. Function values count as
// unknown callers; go statements as concurrent ones. go vet reports a
// package's test variant, where the tests' calls are visible.
func (c *checker) testOnly(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Object() == nil || !internalFunc(fn) || c.ls.AddressTaken(fn) {
		return false
	}
	sites := c.ls.Callers(fn)
	if len(sites) == 0 {
		// No caller at all: an unexported name is dead code here (the
		// package's tests, when loaded, are the test variant's business);
		// an exported method of an unexported type may still be called
		// by other packages that get the value from an exported function.
		return !fn.Object().Exported()
	}
	for _, site := range sites {
		if !lockset.InTestFile(c.pass.Fset, site.Pos()) {
			return false
		}
		if _, ok := site.(*ssa.Go); ok {
			return false
		}
	}
	return true
}

// internalFunc reports whether fn can only be called from its package (an
// unexported function, or a method of an unexported type) — interface
// calls aside.
func internalFunc(fn *ssa.Function) bool {
	if !fn.Object().Exported() {
		return true
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && !n.Obj().Exported()
}

// conditional reports whether fn (or a function enclosing it) takes lock
// k only when a bool parameter asks for it (lockset.ConditionalLocks).
func (c *checker) conditional(fn *ssa.Function, k lockset.Key) bool {
	for ; fn != nil; fn = fn.Parent() {
		if c.ls.ConditionalLocks(fn)[k] {
			return true
		}
	}
	return false
}

// reassigned reports whether acc's function also assigns the field itself
// (same instance).
func (c *checker) reassigned(acc *guards.Access) bool {
	fn := acc.Func.Function()
	if guards.AssignsField(c.ls, fn, acc) {
		return true
	}
	if acc.Global != nil {
		return false
	}
	// A helper that resets the field (cc.initIdleStateLocked()).
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil || callee.Pkg != fn.Pkg || callee == fn {
				continue
			}
			for i, arg := range call.Call.Args {
				root, path, ok := c.ls.Base(arg)
				if !ok || root != acc.Root || strings.Join(path, ".") != strings.Join(acc.Path[:len(acc.Path)-1], ".") {
					continue
				}
				if i < len(callee.Params) && c.storesField(callee, callee.Params[i], acc.Instr.Field, acc.Field) {
					return true
				}
			}
		}
	}
	return false
}

// storesField reports whether fn assigns field (index idx) of param p.
func (c *checker) storesField(fn *ssa.Function, p *ssa.Parameter, idx int, field *types.Var) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && fa.X == p && fa.Field == idx {
				return true
			}
		}
	}
	return false
}

// live returns the blocks of fn reachable when branches on constants
// (if debugFlag { ... } with a false constant) are taken as written.
func (c *checker) live(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	if l, ok := c.liveBlocks[fn]; ok {
		return l
	}
	l := map[*ssa.BasicBlock]bool{}
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		if l[b] {
			return
		}
		l[b] = true
		succs := b.Succs
		if n := len(b.Instrs); n > 0 {
			if iff, ok := b.Instrs[n-1].(*ssa.If); ok && len(succs) == 2 {
				if k, ok := iff.Cond.(*ssa.Const); ok && k.Value != nil {
					if constant.BoolVal(k.Value) {
						succs = succs[:1]
					} else {
						succs = succs[1:]
					}
				}
			}
		}
		for _, s := range succs {
			visit(s)
		}
	}
	if len(fn.Blocks) > 0 {
		visit(fn.Blocks[0])
	}
	if fn.Recover != nil {
		visit(fn.Recover)
	}
	c.liveBlocks[fn] = l
	return l
}

// locksType reports whether fn takes a lock of type-level identity typ.
func (c *checker) locksType(fn *ssa.Function, typ string) bool {
	if typ == "" {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, v := lockset.Operation(call.Common())
			if op != lockset.OpLock && op != lockset.OpRLock {
				continue
			}
			if l, ok := c.ls.ResolveLock(v); ok && l.Type == typ {
				return true
			}
		}
	}
	return false
}

// aliasUses returns the uses of a loaded map value v, following it through
// local variables it is stored into (variables captured by closures live in
// memory): the uses of the variable's loads and the closures capturing it.
func aliasUses(v ssa.Value) []ssa.Instruction {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	var out []ssa.Instruction
	for _, ref := range *refs {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Val != v {
			out = append(out, ref)
			continue
		}
		alloc, ok := st.Addr.(*ssa.Alloc)
		if !ok || alloc.Referrers() == nil {
			continue
		}
		for _, ar := range *alloc.Referrers() {
			switch u := ar.(type) {
			case *ssa.MakeClosure:
				out = append(out, u)
			case *ssa.UnOp:
				if u.Referrers() != nil {
					out = append(out, *u.Referrers()...)
				}
			}
		}
	}
	return out
}

// isLoadOf reports whether x is a load of a variable v was stored into.
func isLoadOf(x, v ssa.Value) bool {
	u, ok := x.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	alloc, ok := u.X.(*ssa.Alloc)
	if !ok || alloc.Referrers() == nil {
		return false
	}
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Val == v {
			return true
		}
	}
	return false
}

func (c *checker) reportGo(acc *guards.Access, load *ssa.UnOp, gs *ssa.Go, mu string, g *guards.Guard) {
	// A goroutine body that takes a lock of the guard's type (nats-server
	// saveClosedClient locks c.mu around its use of the subs it is given)
	// is assumed to use the map under it.
	var body *ssa.Function
	switch v := gs.Call.Value.(type) {
	case *ssa.Function:
		body = v
	case *ssa.MakeClosure:
		body, _ = v.Fn.(*ssa.Function)
	}
	if body != nil && c.locksType(body, acc.TypeID(g.Mutex)) {
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: gs.Pos(), Category: Name,
		Message: fmt.Sprintf("the map in %s is handed to a goroutine, which uses it without holding %s", acc.Name, mu),
		Related: []analysis.RelatedInformation{{Pos: load.Pos(), Message: fmt.Sprintf("%s is read here with %s held", acc.Name, mu)}}})
}

// rlockFix turns every RLock/RUnlock of key in fn into Lock/Unlock when
// they are all plain selector calls and there is at least one of each.
func (c *checker) rlockFix(fn *ssa.Function, key lockset.Key, mu string) (analysis.SuggestedFix, bool) {
	fk := fixKey{fn, key}
	if c.fixed[fk] {
		return analysis.SuggestedFix{}, false
	}
	syntax := fn.Syntax()
	if syntax == nil {
		return analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	locks, unlocks := 0, 0
	ok := true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, isCall := instr.(ssa.CallInstruction)
			if !isCall {
				continue
			}
			op, v := lockset.Operation(ci.Common())
			if op == lockset.OpNone {
				continue
			}
			l, resolved := c.ls.ResolveLock(v)
			if !resolved || l.Key != key {
				continue
			}
			switch op {
			case lockset.OpRLock, lockset.OpRUnlock:
			case lockset.OpTryRLock:
				ok = false
				continue
			default:
				continue
			}
			if !isRWMutex(v.Type()) {
				ok = false
				continue
			}
			sel := findSelector(syntax, instr)
			if sel == nil {
				ok = false
				continue
			}
			repl := "Lock"
			if op == lockset.OpRUnlock {
				repl = "Unlock"
				unlocks++
			} else {
				locks++
			}
			edits = append(edits, analysis.TextEdit{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(repl)})
		}
	}
	if !ok || locks == 0 || unlocks == 0 {
		return analysis.SuggestedFix{}, false
	}
	c.fixed[fk] = true
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("take the write lock: %s.RLock/RUnlock -> Lock/Unlock (needs review: changes locking)", mu),
		TextEdits: edits,
	}, true
}

func isRWMutex(t types.Type) bool {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "RWMutex"
}

// findSelector finds the x.RLock selector of the call or defer instr.
func findSelector(root ast.Node, instr ssa.Instruction) *ast.SelectorExpr {
	pos := instr.Pos()
	if !pos.IsValid() {
		return nil
	}
	var found *ast.SelectorExpr
	ast.Inspect(root, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		var call *ast.CallExpr
		switch x := n.(type) {
		case *ast.DeferStmt:
			if _, ok := instr.(*ssa.Defer); ok && x.Defer == pos {
				call = x.Call
			}
		case *ast.CallExpr:
			if _, ok := instr.(*ssa.Call); ok && x.Lparen == pos {
				call = x
			}
		}
		if call != nil {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "RLock" || sel.Sel.Name == "RUnlock") {
				found = sel
			}
			return false
		}
		return true
	})
	return found
}
