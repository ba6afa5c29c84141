// Package guards knows which mutex guards which struct map field.
//
// A guard comes from (in this order of authority):
//
//   - a gVisor checklocks annotation on the field: `// +checklocks:mu`
//     (also `+checklocksread:mu`; `+checklocksignore` opts the field out);
//   - a comment: "guarded by mu" / "protected by mu" on the map field, or
//     "mu guards/protects items, count" (or "... the following fields", then
//     the fields declared after the mutex up to the next blank line or
//     mutex) on the mutex field;
//   - inference from how the package's own functions use the field: every
//     function (closures separately) that accesses it outside constructors,
//     sync.Once initialisation, test files and +checklocksignore functions
//     is an observation, weighted 2 if it writes the map and 1 if it only
//     reads it, and locked by a sibling mutex when every one of its accesses
//     holds that mutex; the mutex guards the map when the weighted share of
//     locked observations reaches Policy.Ratio and at least Policy.Min
//     observations are locked. A function that only assigns the field
//     without a lock (c.items = make(...)) is no observation (it is never
//     reported). A map field that is never mutated outside
//     constructors is read-only and gets no inferred guard (unlocked reads
//     of it are fine).
//
// Analyzer (name "guards") requires lockset and buildssa and returns a
// *Result:
//
//	gs := pass.ResultOf[guards.Analyzer].(*guards.Result)
//	for _, acc := range gs.Accesses() {           // every struct map field access
//		g := gs.Guard(acc.Field, guards.DefaultPolicy) // nil: not guarded
//		if g != nil && !acc.Holds(g) { ... }
//	}
//
// Package-level map variables guarded by package-level mutex variables
// follow the same rules (globals.go): GlobalAccesses lists their accesses,
// Guard decides their guard; accesses in init functions (and the functions
// only they call) have Context Init and are not evidence.
//
// An unlocked access in an unexported function or closure that some caller
// calls with the mutex held (CallerHolds) counts as a locked observation.
//
// Facts: the observations of every map field (with an annotation, comment
// or at least one locked observation) travel as a *FieldFact on the field,
// so a package that accesses pkg.T.Items decides with the same Policy
// whether t.Mu guards it.
package guards

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/mapguard/mapguard/internal/lockset"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer computes the guards of the package's struct map fields.
var Analyzer = &analysis.Analyzer{
	Name:             "guards",
	Doc:              "infer which mutex guards each struct map field (mapguard engine)",
	URL:              "https://github.com/mapguard/mapguard/blob/main/internal/guards",
	Requires:         []*analysis.Analyzer{lockset.Analyzer, buildssa.Analyzer},
	ResultType:       reflect.TypeOf((*Result)(nil)),
	FactTypes:        []analysis.Fact{(*FieldFact)(nil)},
	RunDespiteErrors: true,
	Run:              run,
}

// Source is where a guard comes from.
type Source uint8

const (
	Inferred   Source = iota // from how the package's functions access the field
	Comment                  // "guarded by mu", "mu protects items"
	Annotation               // +checklocks:mu
)

// Policy holds the inference thresholds.
type Policy struct {
	// Ratio is the minimum weighted share of observations made with the
	// mutex held (writes weigh 2, reads 1).
	Ratio float64
	// Min is the minimum number of observations made with the mutex held.
	Min int
}

// DefaultPolicy: in the modules we surveyed, a guarded map is typically
// touched by 3-40 functions of its package, all of which lock; the unlocked
// minority are constructors (excluded anyway), Locked helpers (which count
// as locked) and the bugs we want. Three locked functions keep a type with
// one Get and one Set out of inference; 0.7 tolerates one unlocked writer
// among three locked methods (5/7), but not two.
var DefaultPolicy = Policy{Ratio: 0.7, Min: 3}

// Context classifies where an access happens.
type Context uint8

const (
	Normal      Context = iota
	Constructor         // on a value allocated in this function (or a helper only called on such values)
	Once                // inside a sync.Once / OnceFunc initialiser
	Test                // in a _test.go file
	Ignored             // in a +checklocksignore function
	// Init: a package-level map accessed in init(), a package variable
	// initializer, or a function only called from those (package-level
	// maps only: before main runs, no goroutine of the package exists).
	Init
)

// Access is one access of a struct map field or (Global set) of a
// package-level map variable.
type Access struct {
	Field  *types.Var // the map field, or the package-level map variable
	Struct *types.Named
	Func   *lockset.Func
	Instr  *ssa.FieldAddr // &x.f (nil for a package-level variable)
	// Global is the package-level map variable accessed (nil for a field);
	// GlobalInstr is the load (*registry) or store (registry = ...) of it.
	Global      *ssa.Global
	GlobalInstr ssa.Instruction
	Root        ssa.Value // base of the access path (lockset.Result.Base)
	Path        []string  // field path from Root; last element is the field
	Write       bool
	// WriteInstr is the mutating instruction (MapUpdate, delete, clear,
	// maps.Copy, Store of the field, mutating call) for writes.
	WriteInstr ssa.Instruction
	// Loads are the loads of the field value (*&x.f).
	Loads []*ssa.UnOp
	// LenOnly: a read whose only uses are len(x.f) and x.f == nil / != nil,
	// which race but cannot crash ("concurrent map read and map write"
	// needs a lookup, an iteration or a write).
	LenOnly bool
	Context Context
	Name    string // source expression "c.items"
	// Within: for a map field of an anonymous struct field of Struct
	// (mu struct { sync.Mutex; m map[K]V }), that field's name ("mu"):
	// the guard's type-level identity is Struct's "mu.<mutex>".
	Within string
}

// Pos returns the position to report for the access.
func (a *Access) Pos() token.Pos {
	if a.WriteInstr != nil && a.WriteInstr.Pos().IsValid() {
		return a.WriteInstr.Pos()
	}
	if s := a.Site(); s != nil && s.Pos().IsValid() {
		return s.Pos()
	}
	for _, l := range a.Loads {
		if l.Pos().IsValid() {
			return l.Pos()
		}
	}
	return token.NoPos
}

// Site returns the instruction that reaches the map: the field address
// &x.f, or the load or store of a package-level variable.
func (a *Access) Site() ssa.Instruction {
	if a.Global != nil {
		return a.GlobalInstr
	}
	return a.Instr
}

// At returns the instruction at which the guard must be held: the
// mutating instruction of a write, the Site otherwise.
func (a *Access) At() ssa.Instruction {
	if a.Write && a.WriteInstr != nil {
		return a.WriteInstr
	}
	return a.Site()
}

// MutexKey returns the lock identity of mutex field path mu (relative to
// the struct holding the field) for this access's instance; for a
// package-level map, of the package-level mutex variable mu.
func (a *Access) MutexKey(mu string) lockset.Key {
	if a.Global != nil {
		if g, ok := a.Global.Pkg.Members[mu].(*ssa.Global); ok {
			return lockset.Key{Root: g}
		}
		return lockset.Key{}
	}
	return lockset.Sibling(a.Root, a.Path, mu)
}

// TypeID returns the type-level identity of the guard mu: "(p.T).mu" for
// a field's sibling mutex, "p.mu" for a package-level mutex variable.
func (a *Access) TypeID(mu string) string {
	if a.Global != nil {
		if a.Global.Pkg == nil {
			return ""
		}
		return a.Global.Pkg.Pkg.Path() + "." + mu
	}
	if a.Within != "" {
		return lockset.TypeID(a.Struct, a.Within+"."+mu)
	}
	return lockset.TypeID(a.Struct, mu)
}

// HeldAt returns how mutex field mu (a sibling of the accessed field) is
// held before instr: on every path, or (some=true) on at least one. The
// mutex of this very instance counts, and so does a lock with the same
// type-level identity (lockset.TypeID) that the function holds or requires
// (callers holding t.ns.mu when the function reaches the same namespace
// through another value): precision over recall.
func (a *Access) HeldAt(instr ssa.Instruction, mu string, some bool) (lockset.Held, bool) {
	set := a.Func.Before(instr)
	if some {
		set = a.Func.MayBefore(instr)
	}
	if k := a.MutexKey(mu); k.Root != nil {
		if h, ok := set.Lookup(k); ok {
			return h, true
		}
	}
	typ := a.TypeID(mu)
	if typ == "" {
		return lockset.Held{}, false
	}
	for _, h := range set.Locks() {
		if h.Type == typ {
			return h, true
		}
	}
	return lockset.Held{}, false
}

// Site is one observation for the evidence.
type Site struct {
	Pos    token.Pos
	Func   string
	Write  bool
	Locked bool
}

// Guard says which mutex guards a map field.
type Guard struct {
	Field  *types.Var
	Struct *types.Named
	// Mutex is the field path of the mutex relative to the struct ("mu",
	// "Mutex" for an embedded sync.Mutex).
	Mutex      string
	MutexField *types.Var // nil when imported
	Source     Source
	Reason     string // "+checklocks:mu annotation", `comment "guarded by mu"`, "inferred"
	Shared     bool   // +checklocksread: reads need only the read lock (they always do)
	ReadOnly   bool   // never mutated outside constructors
	// CopyOnWrite: every mutation of the map's entries happens in a
	// function that also assigns the field (a fresh map is built and
	// published), so a reference taken under the lock stays immutable.
	CopyOnWrite bool
	// Evidence: observations outside constructors.
	Locked, Total int
	Sites         []Site   // in source order (local guards only)
	FactSites     []string // "Get L12" locked sites of an imported guard (in the defining package)
	group         bool     // from a "protects the following fields" comment
}

// Evidence renders "accessed with c.mu held in 6 of 7 functions: Get L12, ...".
func (g *Guard) Evidence(fset *token.FileSet, field, mu string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is accessed with %s held in %d of %d functions", field, mu, g.Locked, g.Total)
	var parts []string
	for _, s := range g.Sites {
		if !s.Locked {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s L%d", s.Func, fset.Position(s.Pos).Line))
		if len(parts) == 4 {
			parts = append(parts, "...")
			break
		}
	}
	if len(g.Sites) == 0 && len(g.FactSites) > 0 {
		// An imported guard: the defining package's locked functions.
		pkg := ""
		if g.Field.Pkg() != nil {
			pkg = g.Field.Pkg().Name() + "."
		}
		for _, s := range g.FactSites {
			parts = append(parts, pkg+s)
		}
	}
	if len(parts) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(parts, ", "))
	}
	return b.String()
}

// FieldFact carries a map field's guard information across packages.
type FieldFact struct {
	Mutex        string
	Source       Source
	Reason       string
	Shared       bool
	Ignore       bool
	ReadOnly     bool
	Locked       int
	Total        int
	LockedWeight int
	TotalWeight  int
	Sites        []string // "Get L12" evidence, locked sites first
}

// AFact implements analysis.Fact.
func (*FieldFact) AFact() {}

func (f *FieldFact) String() string {
	return fmt.Sprintf("guards mu=%s src=%d %d/%d ro=%v", f.Mutex, f.Source, f.Locked, f.Total, f.ReadOnly)
}

// fieldInfo is everything known about one map field in this package.
type fieldInfo struct {
	field    *types.Var
	named    *types.Named
	declared *Guard // annotation or comment
	ignore   bool
	mutexes  []mutexField // sibling mutex fields, and mutexes promoted from embedded structs
	// per candidate mutex path: weights and counts
	lockedW, lockedN map[string]int
	totalW, totalN   int
	writes           int
	sites            []Site
	siteLocks        []map[string]bool
	assignOnly       []bool                // per site: the function only assigns the field (c.items = make(...))
	obs              map[*ssa.Function]int // index into sites
	inPlaceWrites    int                   // entry mutations in functions that do not assign the field
	fact             *FieldFact            // imported
	global           bool                  // a package-level map variable
	within           string                // the anonymous struct field of named holding the map (Access.Within)
}

// Result is the guards information of one package.
type Result struct {
	pass     *analysis.Pass
	fields   map[*types.Var]*fieldInfo // map fields and package-level map variables
	accesses []*Access
	// globalAccesses: accesses of the package's package-level map
	// variables (GlobalAccesses).
	globalAccesses []*Access
	ls             *lockset.Result
	col            *collector // nil when the package has no SSA
}

// Accesses returns every struct map field access of the package (of local
// and imported struct types), in source order.
func (r *Result) Accesses() []*Access { return r.accesses }

// Guard returns the guard of map field f under policy p, or nil.
func (r *Result) Guard(f *types.Var, p Policy) *Guard {
	fi := r.info(f)
	if fi == nil || fi.ignore {
		return nil
	}
	if fi.fact != nil {
		ff := fi.fact
		if ff.Ignore || ff.Mutex == "" {
			return nil
		}
		g := &Guard{Field: f, Struct: fi.named, Mutex: ff.Mutex, Source: ff.Source, Reason: ff.Reason, Shared: ff.Shared,
			ReadOnly: ff.ReadOnly, Locked: ff.Locked, Total: ff.Total, FactSites: ff.Sites}
		if ff.Source == Inferred && !decide(ff.LockedWeight, ff.TotalWeight, ff.Locked, ff.ReadOnly, p) {
			return nil
		}
		return g
	}
	ro := fi.writes == 0
	cow := fi.writes > 0 && fi.inPlaceWrites == 0
	if fi.declared != nil && fi.declared.group {
		// "mu protects the following fields" covers a group of fields
		// loosely (some are set up once, before concurrency): the
		// package's own use must agree (the ratio, with any number of
		// locked functions).
		mu := fi.declared.Mutex
		if !decide(fi.lockedW[mu], fi.totalW, fi.lockedN[mu], ro, Policy{Ratio: p.Ratio, Min: 1}) {
			return nil
		}
	}
	if fi.declared != nil {
		g := *fi.declared
		g.ReadOnly, g.CopyOnWrite = ro, cow
		g.Locked, g.Total = fi.lockedN[g.Mutex], fi.totalN
		g.Sites = sitesFor(fi, g.Mutex)
		return &g
	}
	best, bestW := "", -1
	for _, m := range fi.mutexes {
		if w := fi.lockedW[m.path]; w > bestW {
			best, bestW = m.path, w
		}
	}
	if best == "" || !decide(bestW, fi.totalW, fi.lockedN[best], ro, p) {
		return nil
	}
	var mf *types.Var
	for _, m := range fi.mutexes {
		if m.path == best {
			mf = m.v
		}
	}
	return &Guard{Field: f, Struct: fi.named, Mutex: best, MutexField: mf, Source: Inferred, Reason: "inferred",
		ReadOnly: ro, CopyOnWrite: cow, Locked: fi.lockedN[best], Total: fi.totalN, Sites: sitesFor(fi, best)}
}

func decide(lockedW, totalW, lockedN int, readOnly bool, p Policy) bool {
	if readOnly || totalW == 0 || lockedN < p.Min {
		return false
	}
	return float64(lockedW)/float64(totalW) >= p.Ratio
}

func sitesFor(fi *fieldInfo, mu string) []Site {
	out := make([]Site, len(fi.sites))
	for i, s := range fi.sites {
		s.Locked = fi.siteLocks[i][mu]
		out[i] = s
	}
	return out
}

func (r *Result) info(f *types.Var) *fieldInfo {
	if fi, ok := r.fields[f]; ok {
		return fi
	}
	if f.Pkg() == nil || f.Pkg() == r.pass.Pkg {
		return nil
	}
	var ff FieldFact
	if !r.pass.ImportObjectFact(f, &ff) {
		r.fields[f] = nil
		return nil
	}
	fi := &fieldInfo{field: f, fact: &ff}
	r.fields[f] = fi
	return fi
}

// IsMap reports whether t's underlying type is a map.
func IsMap(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Map)
	return ok
}

var (
	guardedByRE = regexp.MustCompile(`(?i)\b(?:guarded|protected|synchronized|locked)\s+(?:by|with|under)\s+(?:the\s+)?([A-Za-z_][\w.]*)`)
	guardsRE    = regexp.MustCompile(`(?i)\b(?:guards|protects|serializes|synchronizes|covers|applies to|gatekeeper for)\b(.*)`)
	// lockForMapRE: "a lock for the map": only with the map(s) named right
	// after it ("Mutex for connection teardown: ... closing channels"
	// names no field).
	lockForMapRE = regexp.MustCompile(`(?i)\b(?:lock|mutex) for\s+((?:the|these|all|both)\s+(?:\w+\s+)?(?:maps?|map fields))\b`)
	followingRE  = regexp.MustCompile(`(?i)\b(following|below|fields after|after it|after this|fields that follow|subsequent)\b`)
	wordRE       = regexp.MustCompile(`[A-Za-z_]\w*`)
	// precedingRE: "mu protects the fields above" (declared before it).
	precedingRE = regexp.MustCompile(`(?i)\b(above|preceding|previous fields|fields before)\b`)
	// allMapsRE: a mutex comment naming the struct's maps or all its
	// fields loosely: "protects access to the maps", "guards all maps",
	// "protects all fields", "the map" (one map field only).
	allMapsRE     = regexp.MustCompile(`(?i)\b(?:the|all|these|both|its|our)\s+(?:(?:of\s+)?the\s+)?(?:\w+\s+)?(?:maps?|map fields)\b|\ball\s+(?:(?:of\s+)?the\s+)?fields\b|\b(?:every|each)\s+field\b`)
	singularMapRE = regexp.MustCompile(`(?i)\bmap\b`)
	pluralRE      = regexp.MustCompile(`(?i)\b(maps|map fields|fields|field)\b`)
	// someRE: comments that cover only part of the maps are ambiguous.
	someRE = regexp.MustCompile(`(?i)\b(some|most|except|other than|but not|not the|one of|either|only the)\b`)
)

func commentText(groups ...*ast.CommentGroup) string {
	var parts []string
	for _, g := range groups {
		if g != nil {
			parts = append(parts, g.Text())
		}
	}
	return strings.Join(parts, "\n")
}

// declaredGuards reads annotations and comments of struct type declarations.
func declaredGuards(pass *analysis.Pass, fields map[*types.Var]*fieldInfo) {
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			tv, ok := pass.TypesInfo.Types[st]
			if !ok {
				return true
			}
			_ = tv
			type fld struct {
				obj  *types.Var
				line int
				end  int
				doc  string
				head string // the doc comment above the field alone
				raw  []*ast.Comment
			}
			var flds []fld
			for _, f := range st.Fields.List {
				var raws []*ast.Comment
				for _, g := range []*ast.CommentGroup{f.Doc, f.Comment} {
					if g != nil {
						raws = append(raws, g.List...)
					}
				}
				names := f.Names
				if len(names) == 0 {
					if obj, ok := pass.TypesInfo.Implicits[f].(*types.Var); ok {
						flds = append(flds, fld{obj: obj})
					} else if id := embeddedIdent(f.Type); id != nil {
						if obj, ok := pass.TypesInfo.Defs[id].(*types.Var); ok {
							flds = append(flds, fld{obj: obj, line: pass.Fset.Position(f.Pos()).Line, end: pass.Fset.Position(f.End()).Line, doc: commentText(f.Doc, f.Comment), raw: raws})
						}
					}
					continue
				}
				for _, id := range names {
					if obj, ok := pass.TypesInfo.Defs[id].(*types.Var); ok {
						start := f.Pos()
						if f.Doc != nil {
							start = f.Doc.Pos()
						}
						flds = append(flds, fld{obj: obj, line: pass.Fset.Position(start).Line, end: pass.Fset.Position(f.End()).Line, doc: commentText(f.Doc, f.Comment), head: commentText(f.Doc), raw: raws})
					}
				}
			}
			byName := map[string]*types.Var{}
			for _, f := range flds {
				byName[f.obj.Name()] = f.obj
			}
			isMu := func(name string) (*types.Var, bool) {
				name = name[strings.LastIndex(name, ".")+1:]
				v := byName[name]
				if v == nil {
					return nil, false
				}
				return v, lockset.IsMutex(v.Type()) || isLockerType(v.Type())
			}
			set := func(mapField *types.Var, mu *types.Var, src Source, reason string, shared, group bool) {
				fi := fields[mapField]
				if fi == nil || (fi.declared != nil && fi.declared.Source >= src && (group || !fi.declared.group)) {
					return
				}
				fi.declared = &Guard{Field: mapField, Struct: fi.named, Mutex: mu.Name(), MutexField: mu, Source: src, Reason: reason, Shared: shared, group: group}
			}
			nmu, nmaps := 0, 0
			for _, f := range flds {
				if lockset.IsMutex(f.obj.Type()) || isLockerType(f.obj.Type()) {
					nmu++
				}
				if fields[f.obj] != nil {
					nmaps++
				}
			}
			for i, f := range flds {
				if m := guardedByRE.FindStringSubmatch(f.head); m != nil && followingRE.MatchString(f.head) {
					// A header over a group of fields: "The following
					// fields are protected by mu." (on the first of them).
					if mu, ok := isMu(strings.TrimSuffix(m[1], ".")); ok {
						reason := fmt.Sprintf("comment %q", firstLine(strings.TrimSpace(f.head)))
						prev := f.line - 1
						for _, g := range flds[i:] {
							if g.line > prev+1 || lockset.IsMutex(g.obj.Type()) {
								break
							}
							prev = g.end
							if fields[g.obj] != nil {
								set(g.obj, mu, Comment, reason, false, true)
							}
						}
					}
				}
				if fields[f.obj] != nil {
					// A map field: annotations and "guarded by".
					for _, c := range f.raw {
						text := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(c.Text, "//"), "/*"))
						for _, w := range strings.Fields(text) {
							name, arg, _ := strings.Cut(w, ":")
							switch name {
							case "+checklocksignore":
								fields[f.obj].ignore = true
							case "+checklocks", "+checklocksread":
								if mu, ok := isMu(arg); ok {
									set(f.obj, mu, Annotation, name+":"+arg+" annotation", name == "+checklocksread", false)
								}
							}
						}
					}
					if m := guardedByRE.FindStringSubmatch(f.doc); m != nil {
						if mu, ok := isMu(strings.TrimSuffix(m[1], ".")); ok {
							set(f.obj, mu, Comment, fmt.Sprintf("comment %q", strings.TrimSpace(m[0])), false, false)
						}
					}
					continue
				}
				if !(lockset.IsMutex(f.obj.Type()) || isLockerType(f.obj.Type())) || f.doc == "" {
					continue
				}
				m := guardsRE.FindStringSubmatch(f.doc)
				if m == nil {
					if m = lockForMapRE.FindStringSubmatch(f.doc); m == nil {
						continue
					}
				}
				reason := fmt.Sprintf("comment %q", firstLine(strings.TrimSpace(f.doc)))
				for _, w := range wordRE.FindAllString(m[1], -1) {
					if v := byName[w]; v != nil && fields[v] != nil {
						set(v, f.obj, Comment, reason, false, false)
					}
				}
				switch {
				case precedingRE.MatchString(m[1]):
					// "mu protects the fields above": back to a blank line.
					next := f.line
					for j := i - 1; j >= 0; j-- {
						g := flds[j]
						if g.end < next-1 || lockset.IsMutex(g.obj.Type()) {
							break
						}
						next = g.line
						if fields[g.obj] != nil {
							set(g.obj, f.obj, Comment, reason, false, true)
						}
					}
				case followingRE.MatchString(m[1]):
				case nmu == 1 && allMapsRE.MatchString(m[1]) && !someRE.MatchString(m[1]):
					// The struct's only mutex "protects access to the
					// maps" (sarama's client), "guards all fields", or
					// "the map" when there is one: every map field.
					if singularMapRE.MatchString(m[1]) && !pluralRE.MatchString(m[1]) && nmaps != 1 {
						break
					}
					for _, g := range flds {
						if fields[g.obj] != nil {
							set(g.obj, f.obj, Comment, reason, false, true)
						}
					}
				}
				if followingRE.MatchString(m[1]) {
					prev := f.end
					for _, g := range flds[i+1:] {
						if g.line > prev+1 || lockset.IsMutex(g.obj.Type()) {
							break
						}
						prev = g.end
						if fields[g.obj] != nil {
							set(g.obj, f.obj, Comment, reason, false, true)
						}
					}
				}
			}
			return true
		})
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func embeddedIdent(e ast.Expr) *ast.Ident {
	switch x := e.(type) {
	case *ast.Ident:
		return x
	case *ast.StarExpr:
		return embeddedIdent(x.X)
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

func isLockerType(t types.Type) bool {
	it, ok := types.Unalias(t).Underlying().(*types.Interface)
	if !ok {
		return false
	}
	n := 0
	for i := 0; i < it.NumMethods(); i++ {
		if m := it.Method(i).Name(); m == "Lock" || m == "Unlock" {
			n++
		}
	}
	return n == 2
}

// fieldOf returns the struct field selected by a FieldAddr.
func fieldOf(fa *ssa.FieldAddr) (*types.Var, *types.Named) {
	pt, ok := types.Unalias(fa.X.Type()).Underlying().(*types.Pointer)
	if !ok {
		return nil, nil
	}
	t := types.Unalias(pt.Elem())
	if _, isTP := t.(*types.TypeParam); isTP {
		return nil, nil
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil, nil
	}
	named, _ := t.(*types.Named)
	f := st.Field(fa.Field)
	if named != nil {
		// Map instantiated fields to their generic origin.
		named = named.Origin()
		if ost, ok := named.Underlying().(*types.Struct); ok && fa.Field < ost.NumFields() {
			f = ost.Field(fa.Field)
		}
	}
	return f, named
}

// mutexField is a guard candidate: a mutex field of the struct ("mu") or
// one promoted from an embedded struct ("baseCache.mu", gcache's caches
// embedding a baseCache that holds the mutex).
type mutexField struct {
	path string
	v    *types.Var
}

// maxEmbedDepth bounds the walk through embedded structs.
const maxEmbedDepth = 2

func mutexFields(named *types.Named) []mutexField {
	if named == nil {
		return nil
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	return structMutexFields(st)
}

// structMutexFields is mutexFields of a struct type (named or not).
func structMutexFields(st *types.Struct) []mutexField {
	var out []mutexField
	var walk func(st *types.Struct, prefix string, depth int, seen map[*types.Struct]bool)
	walk = func(st *types.Struct, prefix string, depth int, seen map[*types.Struct]bool) {
		if seen[st] {
			return
		}
		seen[st] = true
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if lockset.IsMutex(f.Type()) {
				out = append(out, mutexField{path: prefix + f.Name(), v: f})
				continue
			}
			if !f.Embedded() || depth >= maxEmbedDepth {
				continue
			}
			t := f.Type()
			if p, ok := types.Unalias(t).(*types.Pointer); ok {
				t = p.Elem()
			}
			if est, ok := types.Unalias(t).Underlying().(*types.Struct); ok {
				walk(est, prefix+f.Name()+".", depth+1, seen)
			}
		}
	}
	walk(st, "", 0, map[*types.Struct]bool{})
	return out
}

func sortAccesses(fset *token.FileSet, as []*Access) {
	sort.SliceStable(as, func(i, j int) bool { return as[i].Pos() < as[j].Pos() })
}

var _ = buildssa.Analyzer
