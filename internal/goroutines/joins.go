package goroutines

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Joins decides which instructions wait for the goroutines a function
// started (see IsJoin). The zero value is the default rule.
//
// A receive is a join unless its channel provably comes from a source no
// goroutine of the program can signal (Quiet): a timer, a ticker, a
// deadline, an OS signal. Every other channel counts as a join — the
// goroutine may close it or send on it — so an unknown channel never
// produces a report.
type Joins struct {
	// Timeouts: a blocking select whose cases mix joins (<-done) with
	// quiet receives (<-time.After(d)) waits for the goroutine only on the
	// branches of its joining cases; the timeout branch runs on while the
	// goroutine may still run. By default such a select is a join on every
	// branch (the usual "wait, but give up after d" whose timeout branch
	// returns or fails the test).
	Timeouts bool
}

// maxSteps bounds the value tracing of one Quiet question (φs of φs could
// otherwise make it exponential).
const maxSteps = 256

// trace counts the steps of one Quiet question and the φs it is inside.
type trace struct {
	steps int
	phis  map[*ssa.Phi]bool
}

// enter marks φ p as being traced: an edge back to it (a loop of φs)
// brings no value of its own and is skipped.
func (t *trace) enter(p *ssa.Phi) {
	if t.phis == nil {
		t.phis = make(map[*ssa.Phi]bool)
	}
	t.phis[p] = true
}

// spent takes a step and reports whether the budget is exhausted.
func (t *trace) spent() bool {
	t.steps++
	return t.steps > maxSteps
}

// Is reports whether instr waits for other goroutines: a call of a Wait
// method (not a rate limiter's), a receive from a channel that is not
// Quiet, a blocking select with such a receive case. With Timeouts, a
// select that also has a Quiet receive case is not a join itself; the
// first instruction of each joining case's body is.
func (j Joins) Is(instr ssa.Instruction) bool {
	if j.Timeouts && j.joinBranch(instr) {
		return true
	}
	switch instr := instr.(type) {
	case *ssa.UnOp:
		return instr.Op == token.ARROW && !Quiet(instr.X)
	case *ssa.Select:
		joins, quiet := selectCases(instr)
		if j.Timeouts && quiet > 0 {
			return false // joins on the branches of its joining cases
		}
		return joins > 0
	case *ssa.Call:
		c := instr.Common()
		if c.IsInvoke() {
			return joinMethods[c.Method.Name()]
		}
		if fn := c.StaticCallee(); fn != nil && fn.Signature.Recv() != nil {
			// A rate limiter's Wait waits for time to pass, like
			// time.Sleep.
			return joinMethods[fn.Name()] && !isNamed(fn.Signature.Recv().Type(), "golang.org/x/time/rate", "Limiter")
		}
	}
	return false
}

// selectCases counts a blocking select's receive cases that join and those
// that are Quiet (a select with a default case waits for nothing).
func selectCases(sel *ssa.Select) (joins, quiet int) {
	if !sel.Blocking {
		return 0, 0
	}
	for _, s := range sel.States {
		if s.Dir != types.RecvOnly {
			continue
		}
		if Quiet(s.Chan) {
			quiet++
		} else {
			joins++
		}
	}
	return joins, quiet
}

// joinBranch reports whether instr is the first instruction of the body of
// a joining receive case of a select that mixes joins and quiet receives:
// go/ssa branches on the select's index (if index == k goto body_k).
func (j Joins) joinBranch(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil || len(b.Instrs) == 0 || b.Instrs[0] != instr || len(b.Preds) != 1 {
		return false
	}
	p := b.Preds[0]
	if len(p.Instrs) == 0 || len(p.Succs) != 2 || p.Succs[0] != b {
		return false
	}
	cond, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	eq, ok := cond.Cond.(*ssa.BinOp)
	if !ok || eq.Op != token.EQL {
		return false
	}
	ext, ok := eq.X.(*ssa.Extract)
	k, kok := eq.Y.(*ssa.Const)
	if !ok || !kok || ext.Index != 0 || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	sel, ok := ext.Tuple.(*ssa.Select)
	if !ok {
		return false
	}
	if joins, quiet := selectCases(sel); joins == 0 || quiet == 0 {
		return false
	}
	i, exact := constant.Int64Val(k.Value)
	if !exact || i < 0 || int(i) >= len(sel.States) {
		return false
	}
	s := sel.States[i]
	return s.Dir == types.RecvOnly && !Quiet(s.Chan)
}

// Quiet reports whether ch (a channel operand) provably comes from a
// source that no goroutine of the program can signal, so that receiving
// from it says nothing about any goroutine having finished:
//
//   - the result of time.After or time.Tick, the C field of a time.Timer
//     or time.Ticker (time.NewTimer, time.NewTicker): only the runtime
//     sends on them;
//   - Done() of a context whose only way to end is a deadline or a signal:
//     context.WithTimeout/WithDeadline (or WithCancel of such a context, or
//     signal.NotifyContext) over context.Background, TODO or another such
//     context, made in this function, whose cancel function is only called
//     (or deferred) here — never stored, passed on, or captured by a
//     closure that is not merely called or deferred here. A context the
//     goroutine could cancel, a parameter context, an errgroup context:
//     not quiet;
//   - a channel made here and registered with signal.Notify, whose every
//     other use is a receive (no send, no close, not passed on);
//   - a φ of such channels and nil (a timeout that may be disabled).
func Quiet(ch ssa.Value) bool {
	return QuietSource(ch) != ""
}

// QuietSource describes the source of a Quiet channel ("time.After",
// "a ticker", "a context deadline", "signal.Notify", ...), or returns "".
func QuietSource(ch ssa.Value) string {
	return quiet(ch, &trace{})
}

func quiet(v ssa.Value, st *trace) string {
	if st.spent() {
		return ""
	}
	switch v := v.(type) {
	case *ssa.Call:
		c := v.Common()
		if isFunc(c, "time", "After") || isFunc(c, "time", "Tick") {
			return "time." + c.StaticCallee().Name()
		}
		if c.IsInvoke() && c.Method.Name() == "Done" && isNamed(c.Value.Type(), "context", "Context") && timedContext(c.Value, st) {
			return "the Done channel of a context that only a deadline or a signal ends"
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return ""
		}
		switch x := v.X.(type) {
		case *ssa.FieldAddr:
			return timerField(x.X.Type(), x.Field)
		case *ssa.Alloc:
			var src string
			if cellHolds(x, st, func(v ssa.Value, st *trace) bool {
				s := quiet(v, st)
				if src == "" {
					src = s
				}
				return s != ""
			}) {
				return src
			}
		}
	case *ssa.Field:
		return timerField(v.X.Type(), v.Field)
	case *ssa.ChangeType:
		return quiet(v.X, st)
	case *ssa.Phi:
		src := ""
		st.enter(v)
		for _, e := range v.Edges {
			if c, ok := e.(*ssa.Const); ok && c.IsNil() {
				continue // nil blocks forever
			}
			if p, ok := e.(*ssa.Phi); ok && st.phis[p] {
				continue // around a loop: no value of its own
			}
			s := quiet(e, st)
			if s == "" {
				return ""
			}
			if src == "" {
				src = s
			}
		}
		return src
	case *ssa.MakeChan:
		notified := false
		if receivedOnly(v, st, &notified) && notified {
			return "signal.Notify"
		}
	}
	return ""
}

// timerField returns "the C channel of a time.Timer" (or Ticker) when
// field i of t (a time.Timer or time.Ticker, or a pointer to one) is its
// channel C, or "".
func timerField(t types.Type, i int) string {
	name := ""
	switch {
	case isNamed(t, "time", "Timer"):
		name = "time.Timer"
	case isNamed(t, "time", "Ticker"):
		name = "time.Ticker"
	default:
		return ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() && st.Field(i).Name() == "C" {
		return "the C channel of a " + name
	}
	return ""
}

// cellHolds reports whether every value stored in the local variable a
// (here or by the closures that capture it) satisfies ok.
func cellHolds(a *ssa.Alloc, st *trace, ok func(ssa.Value, *trace) bool) bool {
	if st.spent() {
		return false
	}
	stores := 0
	var check func(ptr ssa.Value, st *trace) bool
	check = func(ptr ssa.Value, st *trace) bool {
		if st.spent() || ptr.Referrers() == nil {
			return false
		}
		for _, r := range *ptr.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != ptr || !ok(r.Val, st) {
					return false
				}
				stores++
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.DebugRef:
			case *ssa.MakeClosure:
				fv := freeVarOf(r, ptr)
				if fv == nil || !check(fv, st) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return check(a, st) && stores > 0
}

// freeVarOf returns the free variable of mc's function bound to v, or nil
// (v bound more than once, or the function unknown).
func freeVarOf(mc *ssa.MakeClosure, v ssa.Value) *ssa.FreeVar {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return nil
	}
	var out *ssa.FreeVar
	for i, b := range mc.Bindings {
		if b != v {
			continue
		}
		if out != nil || i >= len(fn.FreeVars) {
			return nil
		}
		out = fn.FreeVars[i]
	}
	return out
}

// receivedOnly reports whether every use of the channel v (or of a pointer
// to a variable holding it) receives from it, compares it, or registers it
// with signal.Notify (setting *notified) or unregisters it: nobody sends on
// it, closes it or hands it to code that could.
func receivedOnly(v ssa.Value, st *trace, notified *bool) bool {
	if st.spent() || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			switch r.Op {
			case token.ARROW:
			case token.MUL: // load of a variable holding the channel
				if !receivedOnly(r, st, notified) {
					return false
				}
			default:
				return false
			}
		case *ssa.Select:
			for _, s := range r.States {
				if s.Chan == v && s.Dir != types.RecvOnly {
					return false
				}
			}
		case *ssa.BinOp, *ssa.DebugRef:
		case *ssa.ChangeType:
			if !receivedOnly(r, st, notified) {
				return false
			}
		case *ssa.Store:
			if r.Addr == v {
				// A store into the variable v points to: the values
				// stored are checked by cellHolds from the receive's
				// side.
				continue
			}
			// Into a local variable (captured by a closure, or
			// reassigned): follow the variable.
			a, ok := r.Addr.(*ssa.Alloc)
			if !ok || r.Val != v || !receivedOnly(a, st, notified) {
				return false
			}
		case *ssa.MakeClosure:
			fv := freeVarOf(r, v)
			if fv == nil || !receivedOnly(fv, st, notified) {
				return false
			}
		case *ssa.Call, *ssa.Defer:
			c := r.(ssa.CallInstruction).Common()
			switch {
			case isFunc(c, "os/signal", "Notify") && len(c.Args) > 0 && c.Args[0] == v:
				*notified = true
			case isFunc(c, "os/signal", "Stop"):
			case isBuiltin(c, "len") || isBuiltin(c, "cap"):
			default:
				return false
			}
		default:
			return false
		}
	}
	return true
}

// timedContext reports whether the context value v ends only through a
// deadline or a signal that no goroutine controls (see Quiet).
func timedContext(v ssa.Value, st *trace) bool {
	if st.spent() {
		return false
	}
	switch v := v.(type) {
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		if !ok || v.Index != 0 {
			return false
		}
		c := call.Common()
		if len(c.Args) == 0 {
			return false
		}
		var timed bool
		switch {
		case isFunc(c, "context", "WithTimeout"), isFunc(c, "context", "WithDeadline"),
			isFunc(c, "context", "WithTimeoutCause"), isFunc(c, "context", "WithDeadlineCause"),
			isFunc(c, "os/signal", "NotifyContext"):
			timed = true
		case isFunc(c, "context", "WithCancel"), isFunc(c, "context", "WithCancelCause"):
		default:
			return false
		}
		parent := c.Args[0]
		if timed {
			if !rootContext(parent) && !timedContext(parent, st) {
				return false
			}
		} else if !timedContext(parent, st) {
			return false
		}
		return cancelConfined(call, st)
	case *ssa.Call:
		c := v.Common()
		if isFunc(c, "context", "WithValue") && len(c.Args) > 0 {
			return timedContext(c.Args[0], st)
		}
	case *ssa.ChangeType:
		return timedContext(v.X, st)
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
			return cellHolds(a, st, timedContext)
		}
	case *ssa.Phi:
		st.enter(v)
		some := false
		for _, e := range v.Edges {
			if p, ok := e.(*ssa.Phi); ok && st.phis[p] {
				continue // around a loop: no value of its own
			}
			if !timedContext(e, st) {
				return false
			}
			some = true
		}
		return some
	}
	return false
}

// rootContext reports whether v is context.Background() or context.TODO().
func rootContext(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	return ok && (isFunc(call.Common(), "context", "Background") || isFunc(call.Common(), "context", "TODO"))
}

// cancelConfined reports whether the cancel function that call (a context
// constructor) returns as its second result is used only by this function:
// called or deferred, possibly from closures that are themselves only
// called or deferred here. A cancel function stored, passed, returned or
// reachable from a goroutine may end the context early.
func cancelConfined(call *ssa.Call, st *trace) bool {
	if call.Referrers() == nil {
		return false
	}
	for _, r := range *call.Referrers() {
		switch r := r.(type) {
		case *ssa.Extract:
			if r.Index == 1 && !onlyCalled(r, st) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// onlyCalled reports whether every use of the function value v (or of a
// variable holding it) calls or defers it, from this function or from
// closures that are themselves only called or deferred.
func onlyCalled(v ssa.Value, st *trace) bool {
	if st.spent() || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Call:
			if r.Call.Value != v {
				return false
			}
			for _, a := range r.Call.Args {
				if a == v {
					return false
				}
			}
		case *ssa.Defer:
			if r.Call.Value != v {
				return false
			}
			for _, a := range r.Call.Args {
				if a == v {
					return false
				}
			}
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr == v {
				continue // a store into the variable v points to
			}
			a, ok := r.Addr.(*ssa.Alloc)
			if !ok || r.Val != v || !onlyCalled(a, st) {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || !onlyCalled(r, st) {
				return false
			}
		case *ssa.MakeClosure:
			fv := freeVarOf(r, v)
			if fv == nil || !onlyCalled(fv, st) || !onlyCalled(r, st) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// isFunc reports whether c statically calls the package-level function
// pkg.name.
func isFunc(c *ssa.CallCommon, pkg, name string) bool {
	if c.IsInvoke() {
		return false
	}
	fn := c.StaticCallee()
	if fn == nil || fn.Signature.Recv() != nil || fn.Name() != name {
		return false
	}
	return fn.Pkg != nil && fn.Pkg.Pkg.Path() == pkg || fn.Object() != nil && fn.Object().Pkg() != nil && fn.Object().Pkg().Path() == pkg
}

func isBuiltin(c *ssa.CallCommon, name string) bool {
	b, ok := c.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}
