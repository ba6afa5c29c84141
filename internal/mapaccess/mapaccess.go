// Package mapaccess computes, for every function of a package, which maps it
// reads, iterates and writes, and which locks it holds while doing so: the
// per-function map-access summaries that mapconcurrent, guardedmap and
// mapalias share.
//
// Analyzer (name "mapaccess") requires buildssa and returns a *Result:
//
//	res := pass.ResultOf[mapaccess.Analyzer].(*mapaccess.Result)
//	res.At(instr)     // accesses one instruction performs, in its function's frame
//	res.Summary(fn)   // everything fn and its static callees do, in fn's frame
//	res.LocksAt(instr)
//
// An Access is a map (named by a mapref.Path), a Kind (Read, Iterate,
// Write), the locks held at it and the position to report. Writes are index
// assignments (m[k] = v, m[k]++, m[k] op= v), delete, clear, maps.Copy (its
// destination), maps.Insert and maps.DeleteFunc; reads are index
// expressions and comma-ok lookups, maps.Clone/Equal/EqualFunc; iterations
// are range loops and maps.Keys/Values/All. A call to a function with a
// body in the package contributes that function's summary, rewritten into
// the caller's frame (parameters become arguments, free variables become the
// closure's bindings) with the caller's held locks added; a call to a
// function of another package contributes its exported Summary fact. Calls
// through interfaces and function values contribute nothing (unknown, so
// silent), and so do calls of functions passed to sync.Once.Do, which run
// once. Paths rooted at a callee's own locals are confined to the callee and
// dropped.
//
// Facts: every exported package-level function and exported method with a
// non-empty summary (accesses rooted at its parameters or at package
// variables) exports a *Summary fact, so summaries cross package boundaries
// under go vet and golangci-lint. A function that runs a func parameter on a
// new goroutine exports a *Spawns fact (read back with SpawnedParam).
// Unexported functions and methods, and test functions, export nothing
// (lockset.FactWorthy): no other package calls them directly, and facts
// are only read for static callees.
package mapaccess

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mapguard/mapguard/internal/goroutines"
	"github.com/mapguard/mapguard/internal/lockset"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Kind is what an access does to a map.
type Kind uint8

const (
	Read Kind = iota + 1
	Iterate
	Write
)

func (k Kind) String() string {
	switch k {
	case Read:
		return "reads"
	case Iterate:
		return "iterates"
	case Write:
		return "writes"
	}
	return "accesses"
}

// Access is one map access, direct or through a callee.
type Access struct {
	Path  mapref.Path // the map, in the frame of the function it belongs to
	Kind  Kind
	Locks []Lock    // locks held (in the same frame)
	Pos   token.Pos // the access, or the call leading to it
	Via   string    // "" for a direct access; else how a callee reaches it
	Fn    *ssa.Function
}

// maxAccesses bounds a summary's size.
const maxAccesses = 128

// Analyzer computes map-access summaries and exports them as facts.
var Analyzer = &analysis.Analyzer{
	Name:             "mapaccess",
	Doc:              "compute per-function map access summaries (reads, iterations, writes, locks held) for mapguard's checks",
	URL:              "https://github.com/mapguard/mapguard/blob/main/docs/architecture.md",
	Requires:         []*analysis.Analyzer{buildssa.Analyzer, lockset.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeOf((*Result)(nil)),
	FactTypes:        []analysis.Fact{(*Summary)(nil), (*Spawns)(nil)},
}

// Result gives access summaries for the package's functions.
type Result struct {
	pass      *analysis.Pass
	pkg       *ssa.Package
	ls        *lockset.Result
	sums      map[*ssa.Function][]Access
	busy      map[*ssa.Function]bool
	imports   map[types.Object][]Access
	fnNames   map[*ssa.Function]string // orderKey's function names
	orderKeys map[orderMemoKey]string  // orderKey's results
	vias      map[viaKey][]string      // call's descriptions, per callee and access
	lockKeys  map[lockListID]string    // accessKey's lock part, per lock list
	lists     map[string][]Lock        // interned lock lists, by content
	locksAt   map[locksAtKey][]Lock    // LocksAt's results
	buf       []byte                   // scratch for keys (never held across calls)
	// Scratch space of call's lock lists and their order keys.
	lockScratch []Lock
	keyScratch  []string
	sorter      locksByKey // addLock's
}

// Lock lists are never modified once an Access holds them, so accesses
// share them: the lists of accesses are interned (one list per content,
// see intern), and a call rewrites each distinct list of its callee's
// summary once. A list is identified by its first element and length;
// for interned lists that identity is their content.
type lockListID struct {
	first *Lock
	n     int
}

func listID(ls []Lock) lockListID {
	if len(ls) == 0 {
		return lockListID{}
	}
	return lockListID{&ls[0], len(ls)}
}

// viaKey names a callee: a function with a body in this package, or a
// function of another package (its fact).
type viaKey struct {
	fn  *ssa.Function
	obj *types.Func
}

func run(pass *analysis.Pass) (any, error) {
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pass:      pass,
		pkg:       ssaRes.Pkg,
		ls:        pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		sums:      make(map[*ssa.Function][]Access),
		busy:      make(map[*ssa.Function]bool),
		imports:   make(map[types.Object][]Access),
		fnNames:   make(map[*ssa.Function]string),
		orderKeys: make(map[orderMemoKey]string),
		vias:      make(map[viaKey][]string),
		lockKeys:  make(map[lockListID]string),
		lists:     make(map[string][]Lock),
		locksAt:   make(map[locksAtKey][]Lock),
	}
	for _, fn := range ssaRes.SrcFuncs {
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg {
			continue
		}
		// Every summary is computed, in this order, whether or not it is
		// exported: a recursive cycle is cut where it is entered, so the
		// order decides what each member of the cycle sees.
		sum := r.Summary(fn)
		if !lockset.FactWorthy(pass.Fset, obj) {
			// No other package calls it directly (unexported, or a
			// test function): a fact would only be written (and
			// re-exported by importers, for methods), never read.
			continue
		}
		if i := goroutines.SpawnedParam(fn); i >= 0 {
			pass.ExportObjectFact(obj, &Spawns{Param: i})
		}
		var fact Summary
		seen := make(map[string]bool)
		for _, a := range sum {
			if a.Path.Kind != mapref.Param && a.Path.Kind != mapref.Global {
				continue
			}
			k := r.accessKey(Access{Path: a.Path, Kind: a.Kind, Locks: a.Locks})
			if seen[string(k)] {
				continue
			}
			seen[string(k)] = true
			fa := FactAccess{Path: toFact(a.Path), Kind: a.Kind, Where: r.where(a, fn)}
			for _, l := range a.Locks {
				if l.Path.Kind == mapref.Param || l.Path.Kind == mapref.Global {
					fa.Locks = append(fa.Locks, FactLock{Path: toFact(l.Path), Shared: l.Shared, Type: l.Type})
				} else if l.Type != "" {
					// Importers keep only the type-level identity of
					// other roots (see imported): the path is not sent.
					fa.Locks = append(fa.Locks, FactLock{Shared: l.Shared, Type: l.Type})
				}
			}
			fact.Accesses = append(fact.Accesses, fa)
		}
		if len(fact.Accesses) > 0 {
			pass.ExportObjectFact(obj, &fact)
		}
	}
	return r, nil
}

// where describes an access for a fact: "writes its parameter m (file.go:12)".
func (r *Result) where(a Access, fn *ssa.Function) string {
	if a.Via != "" {
		return a.Via
	}
	pos := r.pass.Fset.Position(a.Pos)
	return fmt.Sprintf("%s %s (%s:%d)", a.Kind, mapref.Describe(a.Path, fn), filepath.Base(pos.Filename), pos.Line)
}

// SummaryOf is Summary for any function: a function of another package
// (or one without a body) contributes its exported fact, with Pos unset and
// Via describing the access.
func (r *Result) SummaryOf(fn *ssa.Function) []Access {
	if o := fn.Origin(); o != nil && len(fn.Blocks) == 0 {
		fn = o
	}
	if len(fn.Blocks) > 0 && (fn.Pkg == r.pkg || fn.Pkg == nil) {
		return r.Summary(fn)
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != r.pass.Pkg {
		return r.imported(obj)
	}
	return nil
}

// Summary returns every access fn performs, directly or through static
// callees, in fn's frame. Recursive cycles are cut (the inner call sees a
// partial summary). Accesses that differ only in position are all kept (a
// callee's accesses share the position of the call), up to a bound.
func (r *Result) Summary(fn *ssa.Function) []Access {
	if s, ok := r.sums[fn]; ok {
		return s
	}
	if r.busy[fn] || len(fn.Blocks) == 0 {
		return nil
	}
	r.busy[fn] = true
	var out []Access
	seen := make(map[string]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if len(out) >= maxAccesses {
				// Full: the rest adds nothing, but the callees'
				// summaries are still computed here, in this order
				// (where a recursive cycle is cut depends on it).
				r.touch(instr)
				continue
			}
			for _, a := range r.At(instr) {
				k := r.accessKey(a)
				if seen[string(k)] || len(out) >= maxAccesses {
					continue
				}
				seen[string(k)] = true
				out = append(out, a)
			}
		}
	}
	delete(r.busy, fn)
	r.sums[fn] = out
	return out
}

// accessKey identifies an access for deduplication: path, kind, position
// and the locks held ("%s/%d/%d" and "/%s:%v" per lock, written without
// fmt: it runs for every access of every summary). The lock part is
// computed once per lock list. The key is written into r.buf and valid
// until the next accessKey: look it up as string(k), which does not
// allocate, and convert it only to keep it.
func (r *Result) accessKey(a Access) []byte {
	lk, ok := r.lockKeys[listID(a.Locks)]
	if !ok {
		var b []byte
		for _, l := range a.Locks {
			b = append(b, '/')
			b = l.Path.AppendKey(b)
			b = append(b, ':')
			b = strconv.AppendBool(b, l.Shared)
		}
		lk = string(b)
		r.lockKeys[listID(a.Locks)] = lk
	}
	b := a.Path.AppendKey(r.buf[:0])
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(a.Kind), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(a.Pos), 10)
	b = append(b, lk...)
	r.buf = b
	return b
}

// intern returns the interned list equal to ls (every field of every
// lock); ls becomes the interned list if there was none, and must not be
// modified afterwards. Empty lists are returned as they are.
func (r *Result) intern(ls []Lock) []Lock {
	if len(ls) == 0 {
		return ls
	}
	return r.internKeyed(ls, false)
}

// internCopy is intern for a list in scratch space: a new list is copied.
// An empty list becomes nil.
func (r *Result) internCopy(ls []Lock) []Lock {
	if len(ls) == 0 {
		return nil
	}
	return r.internKeyed(ls, true)
}

func (r *Result) internKeyed(ls []Lock, cp bool) []Lock {
	b := r.buf[:0]
	for _, l := range ls {
		b = l.Path.AppendKey(b)
		b = append(b, 0)
		b = strconv.AppendBool(b, l.Shared)
		b = strconv.AppendBool(b, l.Inherited)
		b = strconv.AppendInt(b, int64(len(l.Type)), 10)
		b = append(b, ':')
		b = append(b, l.Type...)
		b = strconv.AppendInt(b, int64(len(l.Name)), 10)
		b = append(b, ':')
		b = append(b, l.Name...)
		b = append(b, 0)
	}
	r.buf = b
	if c, ok := r.lists[string(b)]; ok {
		return c
	}
	c := ls[:len(ls):len(ls)]
	if cp {
		c = slices.Clip(slices.Clone(c))
	}
	r.lists[string(b)] = c
	return c
}

// At returns the accesses instr performs, in its function's frame, with the
// locks held at instr. A go statement performs none (its callee runs on
// another goroutine).
func (r *Result) At(instr ssa.Instruction) []Access {
	fn := instr.Parent()
	direct := func(v ssa.Value, k Kind, pos token.Pos) []Access {
		if !isMap(v.Type()) {
			return nil
		}
		p := mapref.Of(v)
		if !p.Valid() {
			return nil
		}
		return []Access{{Path: p, Kind: k, Locks: r.intern(r.LocksAt(instr)), Pos: pos, Fn: fn}}
	}
	switch instr := instr.(type) {
	case *ssa.MapUpdate:
		return direct(instr.Map, Write, instr.Pos())
	case *ssa.Lookup:
		return direct(instr.X, Read, instr.Pos())
	case *ssa.Range:
		pos := instr.Pos()
		return direct(instr.X, Iterate, pos)
	case *ssa.Call:
		return r.call(instr, instr.Common(), fn)
	case *ssa.Defer:
		return r.call(instr, instr.Common(), fn)
	}
	return nil
}

// touch has the effects of At(instr) on the memoised summaries without
// building its accesses: it computes the summary of a static callee with
// a body in this package, as call does.
func (r *Result) touch(instr ssa.Instruction) {
	var c *ssa.CallCommon
	switch instr := instr.(type) {
	case *ssa.Call:
		c = instr.Common()
	case *ssa.Defer:
		c = instr.Common()
	default:
		return
	}
	if _, ok := c.Value.(*ssa.Builtin); ok || c.IsInvoke() {
		return
	}
	callee := c.StaticCallee()
	if callee == nil {
		return
	}
	if o := callee.Origin(); o != nil && len(callee.Blocks) == 0 {
		callee = o
	}
	if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "maps" && callee.Signature.Recv() == nil {
		return
	}
	if len(callee.Blocks) > 0 && (callee.Pkg == r.pkg || callee.Pkg == nil) {
		r.Summary(callee)
	}
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// stdMapFuncs lists what functions of package maps do to their arguments.
var stdMapFuncs = map[string][]Kind{
	"Copy":       {Write, Read},
	"Insert":     {Write},
	"DeleteFunc": {Write},
	"Clone":      {Iterate},
	"Equal":      {Iterate, Iterate},
	"EqualFunc":  {Iterate, Iterate},
	"Keys":       {Iterate},
	"Values":     {Iterate},
	"All":        {Iterate},
}

func (r *Result) call(instr ssa.Instruction, c *ssa.CallCommon, fn *ssa.Function) []Access {
	pos := c.Pos()
	if pos == token.NoPos {
		pos = instr.Pos()
	}
	mk := func(v ssa.Value, k Kind) []Access {
		if !isMap(v.Type()) {
			return nil
		}
		p := mapref.Of(v)
		if !p.Valid() {
			return nil
		}
		return []Access{{Path: p, Kind: k, Locks: r.intern(r.LocksAt(instr)), Pos: pos, Fn: fn}}
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "delete", "clear":
			if len(c.Args) > 0 {
				return mk(c.Args[0], Write)
			}
		}
		return nil
	}
	if c.IsInvoke() {
		return nil
	}
	callee := c.StaticCallee()
	if callee == nil {
		return nil
	}
	if o := callee.Origin(); o != nil && len(callee.Blocks) == 0 {
		callee = o
	}
	if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil && obj.Pkg().Path() == "maps" && callee.Signature.Recv() == nil {
		var out []Access
		for i, k := range stdMapFuncs[obj.Name()] {
			if i < len(c.Args) {
				out = append(out, mk(c.Args[i], k)...)
			}
		}
		return out
	}
	var sum []Access
	var vk viaKey
	if len(callee.Blocks) > 0 && (callee.Pkg == r.pkg || callee.Pkg == nil) {
		sum = r.Summary(callee)
		vk.fn = callee
	} else if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != r.pass.Pkg {
		sum = r.imported(obj)
		vk.obj = obj
	}
	if len(sum) == 0 {
		return nil
	}
	vias := r.vias[vk]
	if len(vias) != len(sum) {
		// A recursive cycle's partial summary is not memoised, and
		// neither are its descriptions.
		vias = make([]string, len(sum))
		if _, done := r.sums[callee]; done || vk.obj != nil {
			r.vias[vk] = vias
		}
	}
	frame := mapref.CallFrame(c)
	held := r.intern(r.LocksAt(instr))
	var heldKeys []string // orderKey of each held lock, computed once
	var done []rewritten  // the callee's lock lists rewritten so far
	out := make([]Access, 0, len(sum))
	for i, a := range sum {
		p := subst(frame, a.Path)
		if !p.Valid() {
			continue
		}
		var locks []Lock
		if len(a.Locks) == 0 {
			if len(held) > 0 {
				locks = held
			}
		} else if j := slices.IndexFunc(done, func(d rewritten) bool { return d.in == listID(a.Locks) }); j >= 0 {
			locks = done[j].out
		} else {
			// Built in scratch space: intern copies it if it is new.
			locks = append(r.lockScratch[:0], held...)
			var keys []string // orderKeys of locks, once a lock was added
			for _, l := range a.Locks {
				l.Path = SubstLock(frame, l.Path, fn)
				if l.Path.Valid() || l.Type != "" {
					if keys == nil {
						if heldKeys == nil {
							heldKeys = make([]string, len(held))
							for i, x := range held {
								heldKeys[i] = r.orderKey(x)
							}
						}
						keys = append(r.keyScratch[:0], heldKeys...)
					}
					locks, keys = r.addLock(locks, keys, l)
				}
			}
			r.lockScratch, r.keyScratch = locks[:0], keys[:0]
			locks = r.internCopy(locks)
			done = append(done, rewritten{listID(a.Locks), locks})
		}
		if vias[i] == "" {
			vias[i] = r.via(callee, vk.obj != nil, a)
		}
		out = append(out, Access{Path: p, Kind: a.Kind, Locks: locks, Pos: pos, Via: vias[i], Fn: fn})
	}
	return out
}

// rewritten is a callee's lock list and what a call made of it.
type rewritten struct {
	in  lockListID
	out []Lock
}

// via describes how a call of callee reaches its access a.
func (r *Result) via(callee *ssa.Function, imported bool, a Access) string {
	if imported {
		return fmt.Sprintf("calls %s, which %s", funcName(callee), a.Via)
	}
	if a.Via != "" {
		return a.Via
	}
	p := r.pass.Fset.Position(a.Pos)
	return fmt.Sprintf("calls %s, which %s %s at line %d", funcName(callee), a.Kind, mapref.Describe(a.Path, a.Fn), p.Line)
}

// addLock adds l to ls unless ls has a lock of the same path and type
// (which becomes exclusive if l is), and sorts ls by orderKey. keys holds
// the orderKey of each element of ls and is kept in step: keys are
// computed once per lock, not per addition (Path.Key and orderKey
// format strings: recomputing them allocated gigabytes on nats-server's
// server package).
func (r *Result) addLock(ls []Lock, keys []string, l Lock) ([]Lock, []string) {
	for i, x := range ls {
		if x.Path.Same(l.Path) && x.Type == l.Type {
			if !l.Shared {
				ls[i].Shared = false
			}
			return ls, keys
		}
	}
	ls = append(ls, l)
	keys = append(keys, r.orderKey(l))
	// Sorted through a pointer: boxing the struct allocated at every call.
	r.sorter = locksByKey{ls, keys}
	sort.Sort(&r.sorter)
	r.sorter = locksByKey{}
	return ls, keys
}

// orderKey orders locks the same way in every run: Path.Key names a local
// root by its address, which would make lock lists, and the Summary facts
// carrying them, differ between two runs of the same binary (and so miss
// go vet's cache in every importer). Locals are named by function and SSA
// name here.
func (r *Result) orderKey(l Lock) string {
	p := l.Path
	// Memoised for paths of up to two fields (nearly all lock paths):
	// the key is a function of exactly these inputs.
	var mk orderMemoKey
	if len(p.Fields) <= 2 {
		mk = orderMemoKey{kind: p.Kind, index: p.Index, name: p.Name, value: p.Value, nf: len(p.Fields), typ: l.Type}
		if len(p.Fields) > 0 {
			mk.f0 = p.Fields[0]
		}
		if len(p.Fields) > 1 {
			mk.f1 = p.Fields[1]
		}
		if k, ok := r.orderKeys[mk]; ok {
			return k
		}
		k := r.computeOrderKey(l)
		r.orderKeys[mk] = k
		return k
	}
	return r.computeOrderKey(l)
}

// orderMemoKey is the input of orderKey for a path of at most two fields.
type orderMemoKey struct {
	kind   mapref.RootKind
	index  int
	name   string
	value  ssa.Value
	nf     int
	f0, f1 string
	typ    string
}

func (r *Result) computeOrderKey(l Lock) string {
	p := l.Path
	if p.Kind != mapref.Local || p.Value == nil {
		b := p.AppendKey(make([]byte, 0, 64+len(l.Type)))
		b = append(b, '#')
		return string(append(b, l.Type...))
	}
	var b strings.Builder
	b.WriteString("L")
	if fn := p.Value.Parent(); fn != nil {
		// fn.String() renders types: memoised per function.
		name, ok := r.fnNames[fn]
		if !ok {
			name = fn.String()
			r.fnNames[fn] = name
		}
		b.WriteString(name)
	}
	b.WriteString(":" + p.Value.Name())
	for _, f := range p.Fields {
		b.WriteString("|" + f)
	}
	b.WriteString("#" + l.Type)
	return b.String()
}

type locksByKey struct {
	ls   []Lock
	keys []string
}

func (s locksByKey) Len() int           { return len(s.ls) }
func (s locksByKey) Less(i, j int) bool { return s.keys[i] < s.keys[j] }
func (s locksByKey) Swap(i, j int) {
	s.ls[i], s.ls[j] = s.ls[j], s.ls[i]
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
}

func funcName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		if recv := fn.Signature.Recv(); recv != nil {
			t := recv.Type()
			ptr := ""
			if p, ok := t.(*types.Pointer); ok {
				t, ptr = p.Elem(), "*"
			}
			if n, ok := t.(*types.Named); ok {
				return fmt.Sprintf("(%s%s.%s).%s", ptr, obj.Pkg().Name(), n.Obj().Name(), obj.Name())
			}
		}
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return fn.Name()
}

// FuncName renders fn for messages: pkg.F or (*pkg.T).M.
func FuncName(fn *ssa.Function) string { return funcName(fn) }

func (r *Result) imported(obj *types.Func) []Access {
	if s, ok := r.imports[obj]; ok {
		return s
	}
	var fact Summary
	var out []Access
	if r.pass.ImportObjectFact(obj, &fact) {
		for _, fa := range fact.Accesses {
			a := Access{Path: fromFact(fa.Path), Kind: fa.Kind, Via: fa.Where}
			for _, fl := range fa.Locks {
				p := fromFact(fl.Path)
				if p.Kind != mapref.Param && p.Kind != mapref.Global {
					p = mapref.Path{} // type-level identity only
				}
				a.Locks = append(a.Locks, Lock{Path: p, Shared: fl.Shared, Type: fl.Type})
			}
			out = append(out, a)
		}
	}
	r.imports[obj] = out
	return out
}

// Spawns is the fact a function exports when it runs its func parameter
// Param on a new goroutine (see goroutines.SpawnedParam).
type Spawns struct{ Param int }

// AFact marks Spawns as an analysis fact.
func (*Spawns) AFact() {}

func (s *Spawns) String() string { return fmt.Sprintf("spawns param%d", s.Param) }

// SpawnedParam reports which func parameter fn (a function of another
// package) runs on a new goroutine, per its Spawns fact, or -1. It fits
// goroutines.Config.Spawns.
func (r *Result) SpawnedParam(fn *ssa.Function) int {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == r.pass.Pkg {
		return -1
	}
	var f Spawns
	if r.pass.ImportObjectFact(obj, &f) {
		return f.Param
	}
	return -1
}

// Summary is the fact a function exports: what it does to maps reachable
// from its parameters and to package variables.
type Summary struct {
	Accesses []FactAccess
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var parts []string
	for _, a := range s.Accesses {
		part := a.Kind.String() + " " + a.Path.String()
		for _, l := range a.Locks {
			mode := "locked"
			if l.Shared {
				mode = "rlocked"
			}
			name := l.Type
			if l.Path.Kind == mapref.Param || l.Path.Kind == mapref.Global {
				name = l.Path.String()
			}
			part += " " + mode + " " + name
		}
		parts = append(parts, part)
	}
	return "mapaccess(" + strings.Join(parts, ", ") + ")"
}

// FactAccess is an Access in serialisable form.
type FactAccess struct {
	Path  FactPath
	Kind  Kind
	Locks []FactLock
	Where string // human-readable: "writes m (file.go:12)"
}

// FactLock is a Lock in serialisable form.
type FactLock struct {
	Path   FactPath // meaningful for Param and Global roots only
	Shared bool
	Type   string // lockset's type-level identity, or ""
}

// FactPath is a mapref.Path rooted at a parameter or a package variable.
type FactPath struct {
	Kind   mapref.RootKind
	Index  int
	Name   string
	Fields []string
}

func (p FactPath) String() string {
	var s string
	if p.Kind == mapref.Global {
		s = p.Name
	} else {
		s = fmt.Sprintf("param%d", p.Index)
	}
	for _, f := range p.Fields {
		if i := strings.LastIndex(f, "."); i >= 0 {
			f = f[i+1:]
		}
		s += "." + f
	}
	return s
}

func toFact(p mapref.Path) FactPath {
	return FactPath{Kind: p.Kind, Index: p.Index, Name: p.Name, Fields: p.Fields}
}

func fromFact(p FactPath) mapref.Path {
	return mapref.Path{Kind: p.Kind, Index: p.Index, Name: p.Name, Fields: p.Fields}
}
