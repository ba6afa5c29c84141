// Package goroutines finds where a package starts goroutines (roots) and
// which instructions of the starting function may run concurrently with
// them. It is a library over SSA with no analyzer and no state; checks call
// it per function.
//
// Roots (Find, FindHandlers):
//
//   - go statements: function literals, named functions, methods, bound
//     method values (go f(x), go func(){...}(), go s.m(), go fn where fn :=
//     s.m); calls through interfaces or function values are not resolved;
//   - (*sync.WaitGroup).Go, (*golang.org/x/sync/errgroup.Group).Go and TryGo,
//     time.AfterFunc;
//   - HTTP handlers: http.HandleFunc, http.Handle, (*http.ServeMux).HandleFunc
//     and Handle (a handler runs on one goroutine per request, so always
//     Many), and every ServeHTTP(http.ResponseWriter, *http.Request) method
//     of the package (no start site; its receiver is shared by requests).
//     Not in _test.go files: a test's handlers serve the test's own
//     requests, and an HTTP client call returns after the handler has
//     written its response, so requests made one after another do not
//     overlap (the usual test of a client against a stub handler);
//   - parallel subtests: t.Run(name, f) where f calls t.Parallel (they run
//     together once the parent test returns, so the parent's own later
//     accesses are ordered before them);
//   - user-named functions (Config.Roots) whose func-typed arguments run on
//     another goroutine, such as a worker pool's Submit;
//   - functions that start their func parameter on a new goroutine (a go
//     statement calling the parameter, directly or from a closure), such as
//     func (s *S) goFunc(f func()) — found automatically in the package,
//     and through facts (Config.Spawns) in other packages.
//
// A Root records the function that runs, its Frame (its parameters and free
// variables rewritten into the starting function's frame, see mapref.Frame)
// and Many: whether several goroutines may run it at once (a root inside a
// loop whose iterations do not wait for it, or an HTTP handler).
//
// Ordering (After, IsJoin): an instruction of the starting function may run
// concurrently with a root if it is reachable from the start without
// passing a join: a call of a method named Wait (sync.WaitGroup, errgroup,
// worker pools), a channel receive (including range over a channel and a
// select with a receive case). Instructions before the start (and not
// reachable again through a loop) are ordered before it.
package goroutines

import (
	"go/token"
	"go/types"
	"strings"

	"github.com/mapguard/mapguard/internal/lockset"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/ssa"
)

// Kind is how a root starts.
type Kind uint8

const (
	GoStmt Kind = iota + 1
	WaitGroupGo
	ErrgroupGo
	AfterFunc
	HTTPHandler
	ServeHTTP
	UserRoot
	// ParallelTest: a subtest (t.Run) whose function calls t.Parallel;
	// parallel subtests run together after the parent test returns.
	ParallelTest
	// Spawner: a function of the package that starts its func parameter
	// on a new goroutine (go f(), or go func() { ...; f() }()), such as
	// func (s *S) goFunc(f func()).
	Spawner
)

// Root is a function that runs on another goroutine.
type Root struct {
	Kind   Kind
	Site   ssa.Instruction // the go statement or the starting call; nil for ServeHTTP
	Parent *ssa.Function   // function containing Site; the ServeHTTP method itself otherwise
	Fn     *ssa.Function   // the function the goroutine runs
	Frame  mapref.Frame    // Fn's roots in Parent's frame
	Many   bool            // several goroutines may run Fn at once
	InLoop bool            // Site is in a loop whose iterations do not wait
	Pos    token.Pos       // where the goroutine starts (Site or the method)
	// ConfinedParams: Fn's parameters are fresh per goroutine (handler
	// arguments); paths rooted at them are not shared.
	ConfinedParams bool
	Via            string // "go statement", "wg.Go", "errgroup Go", "time.AfterFunc", ...
}

// Config names user functions whose func arguments run on other goroutines.
// Each entry is "pkg.Func" or "(*pkg.T).Method" (also "(pkg.T).Method");
// pkg is a package name or a full import path.
type Config struct {
	Roots []string
	// Spawns, if set, reports for a function without a body here (of
	// another package) which func parameter it runs on a new goroutine,
	// or -1; mapaccess.Result.SpawnedParam reads it from facts.
	Spawns func(fn *ssa.Function) int
	// Joins is the rule deciding which instructions wait for a started
	// goroutine (whether a start in a loop repeats unwaited).
	Joins Joins
}

// Matches reports whether fn is named by the configuration.
func (c *Config) Matches(fn *ssa.Function) bool {
	if c == nil || len(c.Roots) == 0 {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return false
	}
	var names []string
	for _, q := range []string{obj.Pkg().Name(), obj.Pkg().Path()} {
		if recv := fn.Signature.Recv(); recv != nil {
			t := recv.Type()
			ptr := ""
			if p, ok := t.(*types.Pointer); ok {
				t, ptr = p.Elem(), "*"
			}
			if n, ok := t.(*types.Named); ok {
				names = append(names, "("+ptr+q+"."+n.Obj().Name()+")."+obj.Name())
				if ptr == "" {
					names = append(names, "(*"+q+"."+n.Obj().Name()+")."+obj.Name())
				}
			}
		} else {
			names = append(names, q+"."+obj.Name())
		}
	}
	for _, r := range c.Roots {
		r = strings.TrimSpace(r)
		for _, n := range names {
			if r == n {
				return true
			}
		}
	}
	return false
}

// Find returns the roots started by instructions of fn.
func Find(fn *ssa.Function, cfg *Config) []*Root {
	var roots []*Root
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				c := instr.Common()
				if c.IsInvoke() {
					continue
				}
				callee := c.StaticCallee()
				if callee == nil {
					continue
				}
				roots = append(roots, &Root{Kind: GoStmt, Site: instr, Parent: fn, Fn: callee,
					Frame: mapref.CallFrame(c), Pos: instr.Pos(), Via: "go statement"})
			case *ssa.Call:
				if r := callRoot(instr, fn, cfg); r != nil {
					roots = append(roots, r)
				}
			}
		}
	}
	var order *Order
	for _, r := range roots {
		if r.Kind == HTTPHandler {
			r.Many = true
			continue
		}
		if order == nil {
			var j Joins
			if cfg != nil {
				j = cfg.Joins
			}
			order = NewOrderJoins(fn, j)
		}
		r.InLoop = order.Repeats(r.Site)
		r.Many = r.InLoop
	}
	return roots
}

func callRoot(call *ssa.Call, parent *ssa.Function, cfg *Config) *Root {
	c := call.Common()
	if c.IsInvoke() {
		return nil
	}
	callee := c.StaticCallee()
	if callee == nil {
		return nil
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil {
		return nil
	}
	name := obj.Name()
	recv := ""
	if r := callee.Signature.Recv(); r != nil {
		t := r.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			recv = n.Obj().Name()
		}
	}
	arg := -1
	kind := Kind(0)
	via := ""
	switch obj.Pkg().Path() + "." + recv + "." + name {
	case "sync.WaitGroup.Go":
		arg, kind, via = 1, WaitGroupGo, "WaitGroup.Go"
	case "golang.org/x/sync/errgroup.Group.Go", "golang.org/x/sync/errgroup.Group.TryGo":
		arg, kind, via = 1, ErrgroupGo, "errgroup Group."+name
	case "time..AfterFunc":
		arg, kind, via = 1, AfterFunc, "time.AfterFunc"
	case "net/http..HandleFunc", "net/http..Handle":
		if inTestFile(parent, call.Pos()) {
			return nil
		}
		arg, kind, via = 1, HTTPHandler, "http."+name
	case "net/http.ServeMux.HandleFunc", "net/http.ServeMux.Handle":
		if inTestFile(parent, call.Pos()) {
			return nil
		}
		arg, kind, via = 2, HTTPHandler, "ServeMux."+name
	case "testing.T.Run":
		if len(c.Args) == 3 {
			if fn, _ := funcOf(c.Args[2], parent.Prog, 0); fn != nil && callsParallel(fn) {
				arg, kind, via = 2, ParallelTest, "t.Run with t.Parallel"
			}
		}
	}
	if kind == 0 {
		i := -1
		if len(callee.Blocks) > 0 {
			i = SpawnedParam(callee)
		} else if cfg != nil && cfg.Spawns != nil {
			i = cfg.Spawns(callee)
		}
		if i >= 0 {
			arg, kind, via = i, Spawner, "runs its argument on a new goroutine: "+name
		}
	}
	if kind == 0 && cfg.Matches(callee) {
		for i, a := range c.Args {
			if _, ok := a.Type().Underlying().(*types.Signature); ok {
				arg, kind, via = i, UserRoot, "user root "+name
				break
			}
		}
	}
	if kind == 0 || arg >= len(c.Args) {
		return nil
	}
	confined := kind != Spawner
	fn, frame := funcOf(c.Args[arg], parent.Prog, 0)
	if fn == nil {
		return nil
	}
	return &Root{Kind: kind, Site: call, Parent: parent, Fn: fn, Frame: frame, Pos: call.Pos(), Via: via,
		ConfinedParams: confined}
}

// funcOf resolves a function value (or an http.Handler) to the function it
// runs and its frame.
func funcOf(v ssa.Value, prog *ssa.Program, depth int) (*ssa.Function, mapref.Frame) {
	if depth > 8 {
		return nil, mapref.Frame{}
	}
	switch v := v.(type) {
	case *ssa.Function:
		return v, mapref.Frame{}
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn, mapref.ClosureFrame(v)
	case *ssa.ChangeType:
		return funcOf(v.X, prog, depth+1)
	case *ssa.Convert:
		return funcOf(v.X, prog, depth+1)
	case *ssa.MakeInterface:
		if _, ok := v.X.Type().Underlying().(*types.Signature); ok {
			return funcOf(v.X, prog, depth+1)
		}
		if prog == nil {
			return nil, mapref.Frame{}
		}
		sel := prog.MethodSets.MethodSet(v.X.Type()).Lookup(nil, "ServeHTTP")
		if sel == nil {
			return nil, mapref.Frame{}
		}
		m := prog.MethodValue(sel)
		if m == nil {
			return nil, mapref.Frame{}
		}
		// The receiver is shared by all requests: parameter 0 is the
		// handler value itself.
		return m, mapref.Frame{Params: []mapref.Path{mapref.Of(v.X)}}
	}
	return nil, mapref.Frame{}
}

// FindHandlers returns a ServeHTTP root for every ServeHTTP method among
// funcs, except those declared in _test.go files (see the package doc).
func FindHandlers(funcs []*ssa.Function) []*Root {
	var roots []*Root
	for _, fn := range funcs {
		if fn.Name() != "ServeHTTP" || fn.Signature.Recv() == nil || fn.Signature.Params().Len() != 2 {
			continue
		}
		if inTestFile(fn, fn.Pos()) {
			continue
		}
		if !isNamed(fn.Signature.Params().At(0).Type(), "net/http", "ResponseWriter") {
			continue
		}
		fr := mapref.Frame{}
		for i := range fn.Params {
			fr.Params = append(fr.Params, mapref.Path{Kind: mapref.Param, Index: i})
		}
		roots = append(roots, &Root{Kind: ServeHTTP, Parent: fn, Fn: fn, Frame: fr, Many: true,
			Pos: fn.Pos(), Via: "ServeHTTP method", ConfinedParams: true})
	}
	return roots
}

// inTestFile reports whether pos, in fn's program, is in a _test.go file.
func inTestFile(fn *ssa.Function, pos token.Pos) bool {
	return fn.Prog != nil && lockset.InTestFile(fn.Prog.Fset, pos)
}

// waitsAfter reports whether a join is reachable from site in its function.
func waitsAfter(site ssa.Instruction) bool {
	return waitsAfterJoins(site, Joins{})
}

func waitsAfterJoins(site ssa.Instruction, j Joins) bool {
	b := site.Block()
	for _, instr := range b.Instrs[indexOf(b, site)+1:] {
		if j.Is(instr) {
			return true
		}
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[s] {
			continue
		}
		seen[s] = true
		for _, instr := range s.Instrs {
			if j.Is(instr) {
				return true
			}
		}
		work = append(work, s.Succs...)
	}
	return false
}

// callsParallel reports whether a subtest function calls Parallel on its
// *testing.T parameter.
func callsParallel(fn *ssa.Function) bool {
	if len(fn.Params) != 1 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() || len(call.Call.Args) != 1 || call.Call.Args[0] != fn.Params[0] {
				continue
			}
			if callee := call.Call.StaticCallee(); callee != nil && callee.Name() == "Parallel" && callee.Signature.Recv() != nil &&
				isNamed(callee.Signature.Recv().Type(), "testing", "T") {
				return true
			}
		}
	}
	return false
}

// SpawnedParam returns the index of a func-typed parameter of fn that fn
// runs on a new goroutine (go p(...), or a go statement of a closure that
// calls p), or -1. fn must have a body; mapaccess exports the result as a
// fact for functions of other packages (Config.Spawns).
func SpawnedParam(fn *ssa.Function) int {
	var order *Order
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok || g.Call.IsInvoke() {
				continue
			}
			if order == nil {
				order = NewOrder(fn)
			}
			if order.WaitsAfter(g) {
				// A function that waits after starting the goroutine
				// (a timeout wrapper, t.Run) is not a spawner: its
				// caller's later code may be ordered after the goroutine.
				continue
			}
			switch v := g.Call.Value.(type) {
			case *ssa.Parameter:
				return paramIndex(fn, v)
			case *ssa.MakeClosure:
				cl, _ := v.Fn.(*ssa.Function)
				if cl == nil {
					continue
				}
				for _, cb := range cl.Blocks {
					for _, ci := range cb.Instrs {
						call, ok := ci.(*ssa.Call)
						if !ok || call.Call.IsInvoke() {
							continue
						}
						// f() calls the free variable's value; a captured
						// variable is a pointer (*f) to an Alloc that holds
						// the parameter.
						cv := call.Call.Value
						load, isLoad := cv.(*ssa.UnOp)
						if isLoad && load.Op == token.MUL {
							cv = load.X
						}
						fv, ok := cv.(*ssa.FreeVar)
						if !ok {
							continue
						}
						for i, f := range cl.FreeVars {
							if f != fv || i >= len(v.Bindings) {
								continue
							}
							if p := paramOf(v.Bindings[i], isLoad); p != nil {
								return paramIndex(fn, p)
							}
						}
					}
				}
			}
		}
	}
	return -1
}

// paramOf returns the parameter a closure binding holds: the binding
// itself, or (through an Alloc) the parameter stored in the variable when
// that is its only store.
func paramOf(b ssa.Value, viaAlloc bool) *ssa.Parameter {
	if !viaAlloc {
		p, _ := b.(*ssa.Parameter)
		return p
	}
	a, ok := b.(*ssa.Alloc)
	if !ok || a.Referrers() == nil {
		return nil
	}
	var param *ssa.Parameter
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			p, ok := st.Val.(*ssa.Parameter)
			if !ok || param != nil {
				return nil
			}
			param = p
		}
	}
	return param
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

func isNamed(t types.Type, pkg, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// joinMethods are method names whose call waits for started goroutines.
var joinMethods = map[string]bool{"Wait": true}

// IsJoin reports whether instr waits for other goroutines under the
// default rule (Joins{}): a call of a Wait method, a receive from a
// channel that is not Quiet (a timer's, a deadline's, a signal's), a
// blocking select with such a receive case.
func IsJoin(instr ssa.Instruction) bool {
	return Joins{}.Is(instr)
}

// After returns the instructions of site's function that may run after site
// without an intervening join (including, through loops, instructions that
// precede site in the source). Blocks in stop are not entered (used to stop
// at the redefinition of a per-iteration value).
func After(site ssa.Instruction, stop map[*ssa.BasicBlock]bool) []ssa.Instruction {
	var out []ssa.Instruction
	b := site.Block()
	idx := indexOf(b, site)
	for _, instr := range b.Instrs[idx+1:] {
		if IsJoin(instr) {
			return out
		}
		out = append(out, instr)
	}
	var w walk
	w.push(b)
	for s := w.pop(); s != nil; s = w.pop() {
		if stop[s] {
			continue
		}
		w.visit(s)
		joined := false
		for _, instr := range s.Instrs {
			if instr == site {
				joined = true // back at the start: the rest was seen above
				break
			}
			if IsJoin(instr) {
				joined = true
				break
			}
			out = append(out, instr)
		}
		if !joined {
			w.push(s)
		}
	}
	return out
}

// Repeats reports whether site can execute again, without a join in
// between, after it executed: it is in a loop whose iterations do not wait
// for the goroutine it started.
func Repeats(site ssa.Instruction) bool {
	return repeats(site, Joins{})
}

func repeats(site ssa.Instruction, j Joins) bool {
	b := site.Block()
	idx := indexOf(b, site)
	for _, instr := range b.Instrs[idx+1:] {
		if j.Is(instr) {
			return false
		}
	}
	var w walk
	w.push(b)
	if isYield(b.Parent()) && endsInReturn(b) {
		w.pushEdge(b.Parent().Blocks[0], b)
	}
	for s := w.pop(); s != nil; s = w.pop() {
		w.visit(s)
		blocked := false
		for i, instr := range s.Instrs {
			if s == b && i == idx {
				return true
			}
			if j.Is(instr) {
				blocked = true
				break
			}
		}
		if !blocked {
			w.push(s)
			// The body of a range-over-func loop is a yield function that
			// the iterator calls once per element: returning from it starts
			// the next iteration.
			if isYield(b.Parent()) && endsInReturn(s) {
				w.pushEdge(b.Parent().Blocks[0], s)
			}
		}
	}
	return false
}

// endsInReturn reports whether b ends with a return.
func endsInReturn(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	return ok
}

// isYield reports whether fn is the body of a range-over-func loop.
func isYield(fn *ssa.Function) bool {
	return fn != nil && fn.Synthetic == "range-over-func yield"
}

// InCycleWith reports whether block def lies on a cycle through site's block
// (a value defined there is fresh in every iteration of the loop that
// repeats site).
func InCycleWith(def *ssa.BasicBlock, site ssa.Instruction) bool {
	if def == nil {
		return false
	}
	return reaches(def, site.Block()) && reaches(site.Block(), def)
}

func reaches(from, to *ssa.BasicBlock) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == to {
				return true
			}
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

func indexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}
