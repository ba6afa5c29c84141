// Package mapconcurrent defines mapguard's mapconcurrent check: a map written
// by one goroutine while another goroutine may read, iterate or write it,
// with no lock held by both — the "fatal error: concurrent map writes" (and
// "concurrent map read and map write", "concurrent map iteration and map
// write") family.
//
// The check is built on three engines: internal/goroutines (where goroutines
// start, which instructions of the starting function run concurrently with
// them, joins), internal/mapref (which map an access denotes, comparable
// across functions) and internal/mapaccess (per-function access summaries
// with locks held, exported as facts).
package mapconcurrent

import (
	"fmt"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
	"github.com/mapguard/mapguard/internal/lockset"
	"github.com/mapguard/mapguard/internal/mapaccess"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Name is the check's stable name.
const Name = "mapconcurrent"

const doc = `report maps written while another goroutine may access them

Go maps are not safe for concurrent use: a write concurrent with any other
access of the same map crashes the program with "fatal error: concurrent map
writes" (or "concurrent map read and map write", "concurrent map iteration
and map write"), even when the goroutines use distinct keys.

The check finds goroutine starts (go statements, sync.WaitGroup.Go,
errgroup Group.Go/TryGo, time.AfterFunc, HTTP handlers and ServeHTTP
methods, parallel subtests, the package's own helpers that run their func
argument on a new goroutine, and functions named with
-mapconcurrent.roots) and reports a write
(index assignment, m[k]++, delete, clear, maps.Copy/Insert/DeleteFunc, or a
call of a function that writes the map, also across packages) that may run
at the same time as another access of the same map with no lock held by
both: goroutines started in a loop, the starting function continuing after
the start without waiting (Wait, a channel receive; a receive from a timer,
a ticker, a deadline context or a signal.Notify channel does not wait for
the goroutine), two goroutines started
together, and a goroutine (go s.run(), or a closure started by a method,
a function or a constructor) writing a struct's map field that the type's
exported methods also access.

Flags:
  -mapconcurrent.roots=pkg.Func,(*pkg.T).Submit  functions whose func
      arguments run on another goroutine (worker pools, schedulers)
  -mapconcurrent.unexported  also compare goroutine writes with unexported
      methods and functions (more findings, less certain)
  -mapconcurrent.unsynced  also compare a goroutine that an exported method
      (function) starts with the other exported methods of its type
      (functions of its package) when the type (package) has no
      synchronisation at all
  -mapconcurrent.timeouts  a select waiting on a join and a timer
      (<-done, <-time.After(d)) waits only on the join's branch: accesses
      reached through the timeout branch are compared too`

// Analyzer reports concurrent map accesses without a common lock.
var Analyzer = &analysis.Analyzer{
	Name:             Name,
	Doc:              doc,
	URL:              "https://github.com/mapguard/mapguard/blob/main/docs/checks/mapconcurrent.md",
	Requires:         []*analysis.Analyzer{buildssa.Analyzer, mapaccess.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
}

var (
	rootsFlag  string
	unexported bool
	timeouts   bool
	unsynced   bool
)

func init() {
	Analyzer.Flags.StringVar(&rootsFlag, "roots", "", "comma-separated functions whose func arguments run on another goroutine: pkg.Func,(*pkg.T).Method")
	Analyzer.Flags.BoolVar(&unexported, "unexported", false, "also compare goroutine writes of fields and package maps with unexported methods and functions")
	Analyzer.Flags.BoolVar(&unsynced, "unsynced", false, "also compare a goroutine started by an exported method (function) with the other exported methods of its type (functions of its package) when the type (package) has no synchronisation at all")
	Analyzer.Flags.BoolVar(&timeouts, "timeouts", false, "a select on a join and a timer (<-done, <-time.After(d)) waits for the goroutine only on the join's branch: report accesses after the timeout branch")
}

// access is a map access placed in a comparison frame.
type access struct {
	mapaccess.Access
	instr ssa.Instruction // for accesses of a starting function
	root  *goroutines.Root
	orig  mapref.Path // the path in the goroutine's own frame
}

type checker struct {
	pass    *analysis.Pass
	res     *mapaccess.Result
	funcs   []*ssa.Function
	callees map[*ssa.Function][]*ssa.Function
	reached map[*ssa.Function]map[*ssa.Function]bool
	done    map[token.Pos]bool
	// handlers are the functions registered as HTTP handlers (and
	// ServeHTTP methods): entry points however they are named.
	handlers map[*ssa.Function]bool
	diags    []analysis.Diagnostic
	orders   *goroutines.Orders
	joins    goroutines.Joins
	entries  []*ssa.Function // see entryPoints
	// see handedOver
	direct    map[*ssa.Function]bool
	converted map[*types.TypeName][]*types.Named
	prejoin   map[*ssa.Function]map[token.Pos]bool
	beforeRe  map[string]*regexp.Regexp
	pindex    map[*ssa.Function]*accessIndex
}

func run(pass *analysis.Pass) (any, error) {
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:     pass,
		res:      pass.ResultOf[mapaccess.Analyzer].(*mapaccess.Result),
		funcs:    ssaRes.SrcFuncs,
		callees:  make(map[*ssa.Function][]*ssa.Function),
		reached:  make(map[*ssa.Function]map[*ssa.Function]bool),
		done:     make(map[token.Pos]bool),
		handlers: make(map[*ssa.Function]bool),
		orders:   &goroutines.Orders{Joins: goroutines.Joins{Timeouts: timeouts}},
		joins:    goroutines.Joins{Timeouts: timeouts},
		pindex:   make(map[*ssa.Function]*accessIndex),
		prejoin:  make(map[*ssa.Function]map[token.Pos]bool),
		beforeRe: make(map[string]*regexp.Regexp),
	}
	cfg := &goroutines.Config{Spawns: c.res.SpawnedParam, Joins: c.joins}
	for _, r := range strings.Split(rootsFlag, ",") {
		if r = strings.TrimSpace(r); r != "" {
			cfg.Roots = append(cfg.Roots, r)
		}
	}
	var roots []*goroutines.Root
	for _, fn := range ssaRes.SrcFuncs {
		roots = append(roots, goroutines.Find(fn, cfg)...)
	}
	roots = append(roots, goroutines.FindHandlers(ssaRes.SrcFuncs)...)
	if len(roots) == 0 {
		return nil, nil
	}
	for _, r := range roots {
		if r.Kind == goroutines.HTTPHandler || r.Kind == goroutines.ServeHTTP {
			c.handlers[r.Fn] = true
		}
	}
	c.buildCallees()

	accs := make(map[*goroutines.Root][]access)
	for _, r := range roots {
		accs[r] = c.rootAccesses(r)
	}
	// One diagnostic per write position: the most specific explanation
	// first.
	for _, r := range roots {
		c.self(r, accs[r])
		c.parent(r, accs[r])
	}
	c.siblings(roots, accs)
	for _, r := range roots {
		c.escape(r, accs[r])
	}

	sort.Slice(c.diags, func(i, j int) bool { return c.diags[i].Pos < c.diags[j].Pos })
	for _, d := range c.diags {
		pass.Report(d)
	}
	return nil, nil
}

// rootAccesses returns what r's goroutine does to maps the starting
// function can also reach, in the starting function's frame.
func (c *checker) rootAccesses(r *goroutines.Root) []access {
	var out []access
	for _, a := range c.res.SummaryOf(r.Fn) {
		// Handler arguments and the arguments a library passes to a
		// user root's function are fresh per goroutine; a ServeHTTP
		// receiver is shared by all requests.
		if a.Path.Kind == mapref.Param && r.ConfinedParams && !(r.Kind == goroutines.ServeHTTP && a.Path.Index == 0) {
			continue
		}
		p := r.Frame.Subst(a.Path)
		if !p.Valid() || !c.ours(p) {
			continue
		}
		b := a
		b.Path = p
		b.Locks = nil
		for _, l := range a.Locks {
			if l.Inherited {
				// The lockset lets a closure passed to a call inherit
				// its creator's locks; a goroutine does not.
				continue
			}
			l.Path = mapaccess.SubstLock(r.Frame, l.Path, r.Parent)
			if l.Path.Valid() || l.Type != "" {
				b.Locks = append(b.Locks, l)
			}
		}
		if b.Pos == token.NoPos {
			// From another package's fact, or through a synthetic
			// wrapper (bound method): report at the start.
			b.Pos = r.Pos
			if len(r.Fn.Blocks) == 0 {
				b.Via = mapaccess.FuncName(r.Fn) + " " + a.Via
			}
		}
		out = append(out, access{Access: b, root: r, orig: a.Path})
	}
	return out
}

// ours reports whether a path is worth comparing: package variables of
// other packages are their package's business.
func (c *checker) ours(p mapref.Path) bool {
	if p.Kind != mapref.Global {
		return true
	}
	return strings.HasPrefix(p.Name, c.pass.Pkg.Path()+".") && !strings.Contains(p.Name[len(c.pass.Pkg.Path())+1:], "/")
}

// perIteration reports whether p's root is a value made anew in every
// iteration of the loop that repeats r's start (each goroutine gets its own).
func (c *checker) perIteration(p mapref.Path, r *goroutines.Root) bool {
	if p.Kind != mapref.Local || r.Site == nil {
		return false
	}
	if instr, ok := p.Value.(ssa.Instruction); ok {
		return c.orders.Of(r.Parent).InCycleWith(instr.Block(), r.Site)
	}
	return false
}

func conflict(a, b mapaccess.Access) bool {
	if a.Kind != mapaccess.Write && b.Kind != mapaccess.Write {
		return false
	}
	if a.Path.Key() != b.Path.Key() {
		return false
	}
	return !mapaccess.Excludes(a.Locks, b.Locks)
}

// self: several goroutines run the same root at once.
func (c *checker) self(r *goroutines.Root, accs []access) {
	if !r.Many {
		return
	}
	for i, a := range accs {
		if a.Kind != mapaccess.Write || c.perIteration(a.Path, r) {
			continue
		}
		for _, b := range accs[i:] {
			if !conflict(a.Access, b.Access) {
				continue
			}
			var msg string
			var rel []analysis.RelatedInformation
			name := mapref.Describe(a.Path, r.Parent)
			switch r.Kind {
			case goroutines.HTTPHandler, goroutines.ServeHTTP:
				msg = fmt.Sprintf("map `%s` is written here%s by an HTTP handler, which runs on one goroutine per request, %s", name, via(a.Access), lockPhrase(a.Access, b.Access))
				rel = append(rel, analysis.RelatedInformation{Pos: r.Pos, Message: "handler registered here (" + r.Via + ")"})
			case goroutines.ParallelTest:
				msg = fmt.Sprintf("map `%s` is written here%s by parallel subtests started in a loop at L%d (they run together after the test returns) %s", name, via(a.Access), c.line(r.Pos), lockPhrase(a.Access, b.Access))
				rel = append(rel, analysis.RelatedInformation{Pos: r.Pos, Message: "parallel subtests started here (t.Run with t.Parallel), one per loop iteration"})
			default:
				msg = fmt.Sprintf("map `%s` is written here%s by goroutines started in a loop at L%d (one per iteration) %s", name, via(a.Access), c.line(r.Pos), lockPhrase(a.Access, b.Access))
				rel = append(rel, analysis.RelatedInformation{Pos: r.Pos, Message: "goroutines started here (" + r.Via + "), one per loop iteration"})
			}
			if b.Pos != a.Pos {
				rel = append(rel, analysis.RelatedInformation{Pos: b.Pos, Message: fmt.Sprintf("another of those goroutines %s `%s` here", b.Kind, name)})
			}
			c.report(a.Pos, msg, rel)
			break
		}
	}
}

// parent: the starting function keeps running after the start.
//
// The starting function's accesses come from an index built once per
// function (accesses grouped by map and by lock set, see accessIndex), and
// "runs after the start" is answered by goroutines.Order: with thousands of
// starts in one function, walking the function per start would be
// quadratic. Candidates are visited in the order goroutines.After lists
// their instructions, so the access named in a message is the one the walk
// finds first.
func (c *checker) parent(r *goroutines.Root, accs []access) {
	if r.Site == nil || r.Kind == goroutines.HTTPHandler || r.Kind == goroutines.ParallelTest || len(accs) == 0 {
		return
	}
	o := c.orders.Of(r.Parent)
	idx := c.parentIndex(r.Parent)
	type cand struct {
		rank int64
		p    *indexed
	}
	var cands []cand
	for _, g := range accs {
		if g.Kind == mapaccess.Write && c.done[g.Pos] {
			continue // every report for g would be at g.Pos
		}
		var stop *ssa.BasicBlock
		if c.perIteration(g.Path, r) {
			// Only instructions reached without passing the per-iteration
			// redefinition see the map the goroutine got.
			stop = g.Path.Value.(ssa.Instruction).Block()
		}
		cands = cands[:0]
		for _, cl := range idx.byKey[pathKey(g.Path)] {
			if !conflict(g.Access, cl.rep) {
				continue
			}
			if g.Kind == mapaccess.Write && stop == nil {
				// One report, at g.Pos, naming the first conflicting
				// access after the start: find each class's first.
				if p, rank, ok := cl.first(o, r.Site); ok {
					cands = append(cands, cand{rank, p})
				}
				continue
			}
			for _, p := range cl.members {
				if g.Kind != mapaccess.Write && c.done[p.Pos] {
					continue
				}
				rank, ok := o.Rank(r.Site, p.instr, nil)
				if !ok || (stop != nil && !o.InAfter(r.Site, p.instr, stop)) {
					continue
				}
				cands = append(cands, cand{rank, p})
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].rank != cands[j].rank {
				return cands[i].rank < cands[j].rank
			}
			return cands[i].p.seq < cands[j].p.seq
		})
		for _, cd := range cands {
			p := cd.p
			name := mapref.Describe(g.Path, r.Parent)
			if name == "map" && g.orig.Valid() {
				// A value made here and passed to the goroutine's
				// function: its parameter's name says more.
				name = mapref.Describe(g.orig, r.Fn)
			}
			start := analysis.RelatedInformation{Pos: r.Pos, Message: "goroutine started here (" + r.Via + ")"}
			// A receive on the way that waits for a timer, a deadline or a
			// signal looks like a join but is not one: say so.
			var quiet []analysis.RelatedInformation
			if x, src := o.QuietWait(r.Site, p.instr); x != nil {
				quiet = append(quiet, analysis.RelatedInformation{Pos: x.Pos(),
					Message: "this receive waits for " + src + ", not for the goroutine"})
			}
			if g.Kind == mapaccess.Write {
				msg := fmt.Sprintf("map `%s` is written here%s by the goroutine started at L%d while the starting function %s it at L%d %s",
					name, via(g.Access), c.line(r.Pos), p.Kind, c.line(p.Pos), lockPhrase(g.Access, p.Access))
				c.report(g.Pos, msg, append([]analysis.RelatedInformation{start,
					{Pos: p.Pos, Message: fmt.Sprintf("the starting function %s `%s` here without waiting for the goroutine", p.Kind, name)}}, quiet...))
			} else {
				msg := fmt.Sprintf("map `%s` is written here%s while the goroutine started at L%d %s it at L%d %s",
					name, via(p.Access), c.line(r.Pos), g.Kind, c.line(g.Pos), lockPhrase(g.Access, p.Access))
				c.report(p.Pos, msg, append([]analysis.RelatedInformation{start,
					{Pos: g.Pos, Message: fmt.Sprintf("the goroutine %s `%s` here", g.Kind, name)}}, quiet...))
			}
		}
	}
}

// siblings: two goroutines started by the same function without a join in
// between, and HTTP handlers (which all run concurrently).
//
// For each root a, the accesses of other roots that conflict with a's come
// from an index of all roots' accesses by map and lock set, so roots that
// share no conflicting access are never paired; the pairs are then visited
// in the order of a plain loop over (other root, a's access, its access).
func (c *checker) siblings(roots []*goroutines.Root, accs map[*goroutines.Root][]access) {
	isHandler := func(r *goroutines.Root) bool {
		return r.Kind == goroutines.HTTPHandler || r.Kind == goroutines.ServeHTTP
	}
	// The index: per map key, classes of (root, access) pairs.
	type member struct{ j, yi int }
	type class struct {
		rep     mapaccess.Access
		members []member // in (j, yi) order
	}
	byKey := make(map[string][]*class)
	classes := make(map[string]*class)
	for j, b := range roots {
		for yi, y := range accs[b] {
			key := pathKey(y.Path)
			ck := classKey(key, y.Access)
			cl, ok := classes[ck]
			if !ok {
				cl = &class{rep: y.Access}
				classes[ck] = cl
				byKey[key] = append(byKey[key], cl)
			}
			cl.members = append(cl.members, member{j, yi})
		}
	}
	type triple struct{ j, xi, yi int }
	var trips []triple
	for i, a := range roots {
		concurrentMemo := make(map[int]bool)
		concurrent := func(j int) bool {
			if v, ok := concurrentMemo[j]; ok {
				return v
			}
			b := roots[j]
			v := false
			sameFrame := a.Parent == b.Parent
			switch {
			case isHandler(a) && isHandler(b):
				v = j > i
			case a.Kind == goroutines.ParallelTest && b.Kind == goroutines.ParallelTest:
				// Parallel subtests of one test run together.
				v = sameFrame && j > i
			case a.Kind == goroutines.ParallelTest || b.Kind == goroutines.ParallelTest:
				v = false
			case isHandler(b) && !isHandler(a) && a.Site != nil:
				// Requests run at any time while the goroutine runs.
				v = true
			case a.Site != nil && b.Site != nil && sameFrame && !isHandler(a) && !isHandler(b):
				v = c.orders.Of(a.Parent).InAfter(a.Site, b.Site, nil) && !(b.Site.Block() == a.Site.Block() && j < i && !a.InLoop)
			}
			concurrentMemo[j] = v
			return v
		}
		// pass reports whether the pair would be compared and conflicts.
		pass := func(j, xi, yi int) bool {
			b := roots[j]
			x, y := accs[a][xi], accs[b][yi]
			if j == i || !concurrent(j) {
				return false
			}
			if (a.Parent != b.Parent && x.Path.Kind != mapref.Global) || !conflict(x.Access, y.Access) {
				return false
			}
			return !c.perIteration(x.Path, a) && !c.perIteration(y.Path, b)
		}
		trips = trips[:0]
		for xi, x := range accs[a] {
			if x.Kind == mapaccess.Write && c.done[x.Pos] {
				continue // every report for x would be at x.Pos
			}
			for _, cl := range byKey[pathKey(x.Path)] {
				if !conflict(x.Access, cl.rep) {
					continue
				}
				if x.Kind == mapaccess.Write {
					// One report, at x.Pos: the first pair that passes.
					for _, m := range cl.members {
						if pass(m.j, xi, m.yi) {
							trips = append(trips, triple{m.j, xi, m.yi})
							break
						}
					}
					continue
				}
				for _, m := range cl.members {
					if !c.done[accs[roots[m.j]][m.yi].Pos] && pass(m.j, xi, m.yi) {
						trips = append(trips, triple{m.j, xi, m.yi})
					}
				}
			}
		}
		sort.Slice(trips, func(p, q int) bool {
			s, t := trips[p], trips[q]
			if s.j != t.j {
				return s.j < t.j
			}
			if s.xi != t.xi {
				return s.xi < t.xi
			}
			return s.yi < t.yi
		})
		for _, t := range trips {
			b := roots[t.j]
			x, y := accs[a][t.xi], accs[b][t.yi]
			w, o, wr, or := x, y, a, b
			if w.Kind != mapaccess.Write {
				w, o, wr, or = y, x, b, a
			}
			name := mapref.Describe(w.Path, wr.Parent)
			msg := fmt.Sprintf("map `%s` is written here%s by %s while %s %s it at L%d %s",
				name, via(w.Access), c.rootPhrase(wr), c.rootPhrase(or), o.Kind, c.line(o.Pos), lockPhrase(w.Access, o.Access))
			c.report(w.Pos, msg, []analysis.RelatedInformation{
				{Pos: wr.Pos, Message: "writing goroutine started here (" + wr.Via + ")"},
				{Pos: or.Pos, Message: "other goroutine started here (" + or.Via + ")"},
				{Pos: o.Pos, Message: fmt.Sprintf("the other goroutine %s `%s` here", o.Kind, name)},
			})
		}
	}
}

func (c *checker) rootPhrase(r *goroutines.Root) string {
	switch r.Kind {
	case goroutines.HTTPHandler:
		return fmt.Sprintf("the HTTP handler registered at L%d", c.line(r.Pos))
	case goroutines.ParallelTest:
		return fmt.Sprintf("the parallel subtest started at L%d", c.line(r.Pos))
	case goroutines.ServeHTTP:
		return fmt.Sprintf("the HTTP handler %s", mapaccess.FuncName(r.Fn))
	}
	return fmt.Sprintf("the goroutine started at L%d", c.line(r.Pos))
}

// escape: a goroutine writes a map field of a value (or a package map) that
// functions callable by other goroutines also access: the exported methods
// of the value's type (or the package's exported functions).
func (c *checker) escape(r *goroutines.Root, accs []access) {
	for _, w := range accs {
		if w.Kind != mapaccess.Write {
			continue
		}
		switch {
		case w.Path.Kind == mapref.Global:
			if !unsynced && c.setupStarter(r.Parent, nil) {
				continue
			}
			for _, q := range c.entryPoints() {
				if !c.candidate(q, r) {
					continue
				}
				c.escapeAccesses(r, w, q, w.Path, nil, r.Parent)
			}
		case len(w.Path.Fields) > 0:
			base := mapref.Path{Kind: w.Path.Kind, Index: w.Path.Index, Name: w.Path.Name, Value: w.Path.Value}
			t := c.rootType(base, r.Parent)
			top := r.Parent
			aliases := []mapref.Path{base}
			if t != nil && base.Kind == mapref.Local && !escapes(base.Value, r) {
				// A fresh object (t := &T{}; go t.run()) that the starting
				// function keeps to itself: nobody else can call its
				// methods.
				continue
			}
			if t == nil {
				// A closure started by a method reaches the receiver (or
				// any parameter) through the variable go/ssa spills it
				// into: go func() { s.peers[k] = v }(); a closure started
				// by a constructor reaches the fresh object through the
				// variable holding it (s := &T{}; go func() {...}();
				// return s).
				if fn, i, ok := capturedParam(base, r.Parent, 0); ok {
					if t = namedOf(fn.Params[i].Type()); t == nil {
						continue
					}
					top = fn
					aliases = append(aliases, mapref.Path{Kind: mapref.Local, Value: fn.Params[i]})
					if fn == r.Parent {
						aliases = append(aliases, mapref.Path{Kind: mapref.Param, Index: i})
					}
				} else if obj := capturedFresh(base); obj != nil && escapes(obj, r) {
					if t = namedOf(obj.Type()); t == nil {
						continue
					}
					aliases = append(aliases, mapref.Path{Kind: mapref.Local, Value: obj})
				} else {
					continue
				}
			}
			prefix := qualified(t) + "."
			if !strings.HasPrefix(w.Path.Fields[0], prefix) {
				continue
			}
			if !unsynced && c.setupStarter(top, t) {
				continue
			}
			qpath := mapref.Path{Kind: mapref.Param, Index: 0, Fields: w.Path.Fields}
			for _, q := range c.entryPoints() {
				if q.Signature.Recv() == nil || !c.candidate(q, r) || q == top || c.reaches(q, top) {
					continue
				}
				rt := q.Signature.Recv().Type()
				if p, ok := rt.(*types.Pointer); ok {
					rt = p.Elem()
				}
				if n, ok := types.Unalias(rt).(*types.Named); !ok || n.Origin().Obj() != t.Obj() {
					continue
				}
				c.escapeAccesses(r, w, q, qpath, aliases, top)
			}
		}
	}
}

// setupStarter reports whether top, the package-level function starting a
// goroutine, is an exported method of t (an exported function, for a
// package map: t nil) and t (the package) has no synchronisation at all:
// no field (package variable) of a sync or sync/atomic type or of a
// channel type, directly or in a struct field of the package's own types.
// Such a type is used by one goroutine at a time by design: its exported
// methods are the setup steps before the method that starts the goroutine
// (benthos' config Reader: Read, then BeginFileWatching, whose watcher
// then owns the reader). Comparing them with the goroutine needs
// -mapconcurrent.unsynced. A goroutine started by a constructor, or by an
// unexported function, is compared as before: the value (package) is
// concurrent from then on.
func (c *checker) setupStarter(top *ssa.Function, t *types.Named) bool {
	if top == nil || top.Parent() != nil || !token.IsExported(top.Name()) || c.handlers[top] {
		return false
	}
	recv := top.Signature.Recv()
	if t == nil {
		if recv != nil {
			return false
		}
		scope := c.pass.Pkg.Scope()
		for _, name := range scope.Names() {
			if v, ok := scope.Lookup(name).(*types.Var); ok && c.synchronises(v.Type(), 0) {
				return false
			}
		}
		return true
	}
	if recv == nil {
		return false
	}
	if n := namedOf(recv.Type()); n == nil || n.Obj() != t.Obj() {
		return false
	}
	return !c.synchronises(t, 0)
}

// synchronises reports whether a value of type t holds a synchronisation
// primitive: a sync or sync/atomic type, a channel, or a struct (of this
// package, up to three levels) with such a field.
func (c *checker) synchronises(t types.Type, depth int) bool {
	if depth > 3 {
		return false
	}
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if pkg := n.Obj().Pkg(); pkg != nil {
			switch pkg.Path() {
			case "sync", "sync/atomic":
				return true
			}
			if pkg != c.pass.Pkg && depth > 0 {
				return false
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return true
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if c.synchronises(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// escapeAccesses compares the goroutine's write w with q's accesses. bases
// are the names of the value whose field w writes, in the starting
// function's frame (nil for package maps): locks rooted at them become
// q's receiver's locks. top is the package-level function that starts the
// goroutine (the starting function, or the one enclosing it).
func (c *checker) escapeAccesses(r *goroutines.Root, w access, q *ssa.Function, qpath mapref.Path, bases []mapref.Path, top *ssa.Function) {
	locks := w.Locks
	if bases != nil {
		locks = nil
		for _, l := range w.Locks {
			for _, base := range bases {
				if l.Path.Kind == base.Kind && l.Path.Index == base.Index && l.Path.Name == base.Name && l.Path.Value == base.Value {
					l.Path = mapref.Path{Kind: mapref.Param, Index: 0, Fields: l.Path.Fields}
					break
				}
			}
			locks = append(locks, l)
		}
	}
	wq := w.Access
	wq.Path = qpath
	wq.Locks = locks
	if c.documentedBefore(q, top) {
		return
	}
	unordered := c.beforeJoin(q)
	for _, o := range c.res.Summary(q) {
		if !conflict(wq, o) || !unordered[o.Pos] {
			continue
		}
		if c.callerExcludes(q, wq) {
			return
		}
		name := mapref.Describe(w.Path, r.Parent)
		if w.Path.Kind == mapref.Local && w.orig.Valid() {
			// A fresh object of the starting function: the goroutine's
			// name for it (ix.words) says more than the allocation's.
			name = mapref.Describe(w.orig, r.Fn)
		}
		what := "method"
		if q.Signature.Recv() == nil {
			what = "function"
		}
		msg := fmt.Sprintf("map `%s` is written here%s by the goroutine started at L%d while %s %s, which other goroutines may call, %s it %s",
			name, via(w.Access), c.line(r.Pos), what, mapaccess.FuncName(q), o.Kind, lockPhrase(wq, o))
		c.report(w.Pos, msg, []analysis.RelatedInformation{
			{Pos: r.Pos, Message: "goroutine started here (" + r.Via + ")"},
			{Pos: o.Pos, Message: fmt.Sprintf("%s %s `%s` here", mapaccess.FuncName(q), o.Kind, name)},
		})
		return
	}
}

// entryPoints returns the functions that may be entry points run by other
// goroutines: package-level (not closures), not init, exported (or HTTP
// handlers, or any with -unexported), not in _test.go files. Computed once:
// escape asks per goroutine start.
func (c *checker) entryPoints() []*ssa.Function {
	if c.entries != nil {
		return c.entries
	}
	c.entries = []*ssa.Function{}
	for _, q := range c.funcs {
		if q.Parent() != nil || strings.HasPrefix(q.Name(), "init") && q.Signature.Recv() == nil {
			continue
		}
		if !unexported && !token.IsExported(q.Name()) && !c.handlers[q] {
			continue
		}
		if !unexported && c.handedOver(q) {
			continue
		}
		// Tests, benchmarks and examples are entry points of the test
		// binary, run one at a time unless they call t.Parallel: not
		// callers that run concurrently with a goroutine of the package.
		if lockset.InTestFile(c.pass.Fset, q.Pos()) {
			continue
		}
		c.entries = append(c.entries, q)
	}
	return c.entries
}

// handedOver reports whether q is an exported method of an unexported type
// that only another package's code calls, on the package's behalf: q is
// never called directly here, and the package converts the type to an
// interface of another package that has q's name among its methods (the
// Len/Less/Swap/Push/Pop of a heap.Interface or sort.Interface that the
// package hands to container/heap under its own lock). Nobody outside the
// package can name the type, so q runs where the package hands the value
// over: it is treated like an unexported method (compared with
// -unexported only).
func (c *checker) handedOver(q *ssa.Function) bool {
	recv := q.Signature.Recv()
	if recv == nil {
		return false
	}
	t := namedOf(recv.Type())
	if t == nil || t.Obj().Exported() || t.Obj().Pkg() != c.pass.Pkg {
		return false
	}
	if c.direct == nil {
		c.direct = make(map[*ssa.Function]bool)
		c.converted = make(map[*types.TypeName][]*types.Named)
		for _, fs := range c.callees {
			for _, f := range fs {
				c.direct[f] = true
			}
		}
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					mi, ok := instr.(*ssa.MakeInterface)
					if !ok {
						continue
					}
					it, ok := types.Unalias(mi.Type()).(*types.Named)
					src := namedOf(mi.X.Type())
					if !ok || src == nil || it.Obj().Pkg() == nil || it.Obj().Pkg() == c.pass.Pkg {
						continue
					}
					c.converted[src.Obj()] = append(c.converted[src.Obj()], it)
				}
			}
		}
	}
	if c.direct[q] {
		return false
	}
	for _, it := range c.converted[t.Obj()] {
		if iface, ok := it.Underlying().(*types.Interface); ok {
			for m := range iface.Methods() {
				if m.Name() == q.Name() {
					return true
				}
			}
		}
	}
	return false
}

// candidate reports whether q, one of entryPoints, may run concurrently
// with r's goroutine as a separate entry point: not the goroutine's own
// code, not the function that started it nor one of its callers.
func (c *checker) candidate(q *ssa.Function, r *goroutines.Root) bool {
	if q == r.Fn || q == r.Parent {
		return false
	}
	if c.reaches(r.Fn, q) || (r.Parent != nil && c.reaches(q, r.Parent)) {
		return false
	}
	return true
}

// callerExcludes reports whether q is an unexported function (reachable
// only from the package) one of whose callers holds, at the call, a lock
// that excludes the write w: the documented "lock should be held" helper
// whose caller takes the lock the writing goroutine also takes. The lockset
// infers such requirements when every caller holds the lock; one caller that
// demonstrably does is enough to stay silent here.
func (c *checker) callerExcludes(q *ssa.Function, w mapaccess.Access) bool {
	if token.IsExported(q.Name()) || c.handlers[q] || len(w.Locks) == 0 {
		return false
	}
	for _, held := range c.res.CallerLocks(q) {
		var typed []mapaccess.Lock
		for _, l := range held {
			// Compare by type-level identity: the caller's frame is not
			// the writer's.
			if l.Type != "" {
				typed = append(typed, mapaccess.Lock{Type: l.Type, Shared: l.Shared})
			}
		}
		if mapaccess.Excludes(w.Locks, typed) {
			return true
		}
	}
	return false
}

func (c *checker) rootType(base mapref.Path, fn *ssa.Function) *types.Named {
	var t types.Type
	switch base.Kind {
	case mapref.Param:
		if base.Index < len(fn.Params) {
			t = fn.Params[base.Index].Type()
		}
	case mapref.Local:
		t = base.Value.Type()
	}
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

func qualified(n *types.Named) string {
	obj := n.Obj()
	if obj.Pkg() != nil {
		return obj.Pkg().Path() + "." + obj.Name()
	}
	return obj.Name()
}

func (c *checker) buildCallees() {
	var visit func(fn *ssa.Function)
	seen := make(map[*ssa.Function]bool)
	visit = func(fn *ssa.Function) {
		if seen[fn] {
			return
		}
		seen[fn] = true
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var cc *ssa.CallCommon
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					cc = instr.Common()
				default:
					for _, op := range instr.Operands(nil) {
						if f, ok := (*op).(*ssa.Function); ok {
							c.callees[fn] = append(c.callees[fn], f)
							visit(f)
						}
					}
					continue
				}
				if cc.IsInvoke() {
					continue
				}
				if f := cc.StaticCallee(); f != nil {
					c.callees[fn] = append(c.callees[fn], f)
					visit(f)
				}
				for _, a := range cc.Args {
					if f, ok := a.(*ssa.Function); ok {
						c.callees[fn] = append(c.callees[fn], f)
						visit(f)
					}
				}
			}
		}
	}
	for _, fn := range c.funcs {
		visit(fn)
	}
}

// reaches reports whether to is statically reachable from from.
func (c *checker) reaches(from, to *ssa.Function) bool {
	if from == to {
		return true
	}
	set, ok := c.reached[from]
	if !ok {
		set = make(map[*ssa.Function]bool)
		work := []*ssa.Function{from}
		for len(work) > 0 {
			f := work[len(work)-1]
			work = work[:len(work)-1]
			for _, g := range c.callees[f] {
				if !set[g] {
					set[g] = true
					work = append(work, g)
				}
			}
		}
		c.reached[from] = set
	}
	return set[to]
}

func via(a mapaccess.Access) string {
	if a.Via == "" {
		return ""
	}
	return " (" + a.Via + ")"
}

func lockPhrase(a, b mapaccess.Access) string {
	if len(a.Locks) == 0 && len(b.Locks) == 0 {
		return "with no lock held"
	}
	return "with no lock held by both"
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

func (c *checker) report(pos token.Pos, msg string, rel []analysis.RelatedInformation) {
	if !pos.IsValid() || c.done[pos] {
		return
	}
	var keep []analysis.RelatedInformation
	for _, r := range rel {
		if r.Pos.IsValid() {
			keep = append(keep, r)
		}
	}
	c.done[pos] = true
	c.diags = append(c.diags, analysis.Diagnostic{Pos: pos, Category: Name, Message: msg, Related: keep})
}
