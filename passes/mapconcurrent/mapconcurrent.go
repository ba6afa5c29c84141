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
	"sort"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
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
the start without waiting (Wait, a channel receive), two goroutines started
together, and a goroutine writing a struct's map field that the type's
exported methods also access.

Flags:
  -mapconcurrent.roots=pkg.Func,(*pkg.T).Submit  functions whose func
      arguments run on another goroutine (worker pools, schedulers)
  -mapconcurrent.unexported  also compare goroutine writes with unexported
      methods and functions (more findings, less certain)`

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
)

func init() {
	Analyzer.Flags.StringVar(&rootsFlag, "roots", "", "comma-separated functions whose func arguments run on another goroutine: pkg.Func,(*pkg.T).Method")
	Analyzer.Flags.BoolVar(&unexported, "unexported", false, "also compare goroutine writes of fields and package maps with unexported methods and functions")
}

// access is a map access placed in a comparison frame.
type access struct {
	mapaccess.Access
	instr ssa.Instruction // for accesses of a starting function
	root  *goroutines.Root
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
	}
	cfg := &goroutines.Config{Spawns: c.res.SpawnedParam}
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
		out = append(out, access{Access: b, root: r})
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
func perIteration(p mapref.Path, r *goroutines.Root) bool {
	if p.Kind != mapref.Local || r.Site == nil {
		return false
	}
	if instr, ok := p.Value.(ssa.Instruction); ok {
		return goroutines.InCycleWith(instr.Block(), r.Site)
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
		if a.Kind != mapaccess.Write || perIteration(a.Path, r) {
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
func (c *checker) parent(r *goroutines.Root, accs []access) {
	if r.Site == nil || r.Kind == goroutines.HTTPHandler || r.Kind == goroutines.ParallelTest || len(accs) == 0 {
		return
	}
	after := goroutines.After(r.Site, nil)
	var pas []access
	for _, instr := range after {
		if _, ok := instr.(*ssa.Defer); ok {
			continue
		}
		for _, a := range c.res.At(instr) {
			pas = append(pas, access{Access: a, instr: instr})
		}
	}
	if len(pas) == 0 {
		return
	}
	fresh := make(map[ssa.Instruction]bool) // instructions reached without passing a per-iteration redefinition, per root value
	var freshFor ssa.Value
	for _, g := range accs {
		for _, p := range pas {
			if !conflict(g.Access, p.Access) {
				continue
			}
			if perIteration(g.Path, r) {
				def := g.Path.Value.(ssa.Instruction)
				if freshFor != g.Path.Value {
					freshFor = g.Path.Value
					fresh = make(map[ssa.Instruction]bool)
					for _, instr := range goroutines.After(r.Site, map[*ssa.BasicBlock]bool{def.Block(): true}) {
						fresh[instr] = true
					}
				}
				if !fresh[p.instr] {
					continue
				}
			}
			name := mapref.Describe(g.Path, r.Parent)
			start := analysis.RelatedInformation{Pos: r.Pos, Message: "goroutine started here (" + r.Via + ")"}
			if g.Kind == mapaccess.Write {
				msg := fmt.Sprintf("map `%s` is written here%s by the goroutine started at L%d while the starting function %s it at L%d %s",
					name, via(g.Access), c.line(r.Pos), p.Kind, c.line(p.Pos), lockPhrase(g.Access, p.Access))
				c.report(g.Pos, msg, []analysis.RelatedInformation{start,
					{Pos: p.Pos, Message: fmt.Sprintf("the starting function %s `%s` here without waiting for the goroutine", p.Kind, name)}})
			} else {
				msg := fmt.Sprintf("map `%s` is written here%s while the goroutine started at L%d %s it at L%d %s",
					name, via(p.Access), c.line(r.Pos), g.Kind, c.line(g.Pos), lockPhrase(g.Access, p.Access))
				c.report(p.Pos, msg, []analysis.RelatedInformation{start,
					{Pos: g.Pos, Message: fmt.Sprintf("the goroutine %s `%s` here", g.Kind, name)}})
			}
		}
	}
}

// siblings: two goroutines started by the same function without a join in
// between, and HTTP handlers (which all run concurrently).
func (c *checker) siblings(roots []*goroutines.Root, accs map[*goroutines.Root][]access) {
	isHandler := func(r *goroutines.Root) bool {
		return r.Kind == goroutines.HTTPHandler || r.Kind == goroutines.ServeHTTP
	}
	for i, a := range roots {
		var after map[ssa.Instruction]bool
		for j, b := range roots {
			if i == j {
				continue
			}
			concurrent := false
			sameFrame := a.Parent == b.Parent
			switch {
			case isHandler(a) && isHandler(b):
				concurrent = j > i
			case a.Kind == goroutines.ParallelTest && b.Kind == goroutines.ParallelTest:
				// Parallel subtests of one test run together.
				concurrent = sameFrame && j > i
			case a.Kind == goroutines.ParallelTest || b.Kind == goroutines.ParallelTest:
				concurrent = false
			case isHandler(b) && !isHandler(a) && a.Site != nil:
				// Requests run at any time while the goroutine runs.
				concurrent = true
			case a.Site != nil && b.Site != nil && sameFrame && !isHandler(a) && !isHandler(b):
				if after == nil {
					after = make(map[ssa.Instruction]bool)
					for _, instr := range goroutines.After(a.Site, nil) {
						after[instr] = true
					}
				}
				concurrent = after[b.Site] && !(b.Site.Block() == a.Site.Block() && j < i && !a.InLoop)
			}
			if !concurrent {
				continue
			}
			for _, x := range accs[a] {
				for _, y := range accs[b] {
					if (!sameFrame && x.Path.Kind != mapref.Global) || !conflict(x.Access, y.Access) {
						continue
					}
					if perIteration(x.Path, a) || perIteration(y.Path, b) {
						continue
					}
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
			for _, q := range c.funcs {
				if !c.candidate(q, r) {
					continue
				}
				c.escapeAccesses(r, w, q, w.Path, nil)
			}
		case len(w.Path.Fields) > 0:
			base := mapref.Path{Kind: w.Path.Kind, Index: w.Path.Index, Name: w.Path.Name, Value: w.Path.Value}
			t := c.rootType(base, r.Parent)
			if t == nil {
				continue
			}
			prefix := qualified(t) + "."
			if !strings.HasPrefix(w.Path.Fields[0], prefix) {
				continue
			}
			qpath := mapref.Path{Kind: mapref.Param, Index: 0, Fields: w.Path.Fields}
			for _, q := range c.funcs {
				if q.Signature.Recv() == nil || !c.candidate(q, r) {
					continue
				}
				rt := q.Signature.Recv().Type()
				if p, ok := rt.(*types.Pointer); ok {
					rt = p.Elem()
				}
				if n, ok := types.Unalias(rt).(*types.Named); !ok || n.Origin().Obj() != t.Obj() {
					continue
				}
				c.escapeAccesses(r, w, q, qpath, &base)
			}
		}
	}
}

func (c *checker) escapeAccesses(r *goroutines.Root, w access, q *ssa.Function, qpath mapref.Path, base *mapref.Path) {
	locks := w.Locks
	if base != nil {
		locks = nil
		for _, l := range w.Locks {
			if l.Path.Kind == base.Kind && l.Path.Index == base.Index && l.Path.Name == base.Name && l.Path.Value == base.Value {
				l.Path = mapref.Path{Kind: mapref.Param, Index: 0, Fields: l.Path.Fields}
			}
			locks = append(locks, l)
		}
	}
	wq := w.Access
	wq.Path = qpath
	wq.Locks = locks
	for _, o := range c.res.Summary(q) {
		if !conflict(wq, o) {
			continue
		}
		if c.callerExcludes(q, wq) {
			return
		}
		name := mapref.Describe(w.Path, r.Parent)
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

// candidate reports whether q may run concurrently with r's goroutine as a
// separate entry point: exported (or an HTTP handler, whatever its name), not the goroutine's
// own code, not the function that started it nor one of its callers.
func (c *checker) candidate(q *ssa.Function, r *goroutines.Root) bool {
	if q.Parent() != nil || q == r.Fn || q == r.Parent || strings.HasPrefix(q.Name(), "init") && q.Signature.Recv() == nil {
		return false
	}
	if !unexported && !token.IsExported(q.Name()) && !c.handlers[q] {
		return false
	}
	// Tests, benchmarks and examples are entry points of the test binary,
	// run one at a time unless they call t.Parallel: not callers that run
	// concurrently with a goroutine of the package.
	if strings.HasSuffix(c.pass.Fset.Position(q.Pos()).Filename, "_test.go") {
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
