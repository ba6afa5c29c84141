package guards

// Package-level maps guarded by package-level mutexes:
//
//	var (
//		mu       sync.RWMutex
//		registry = map[string]Factory{}
//	)
//
// The rules are those of struct fields, with package variables for fields:
// the guard comes from a +checklocks:mu annotation on the map variable, a
// "guarded by mu" comment on it, a "mu guards registry" / "mu protects the
// variables below" comment on the mutex, or inference from the package's
// functions (one observation per function, writes weigh 2, Policy.Ratio
// and Policy.Min). Accesses in init functions and the functions only they
// call (Context Init: no goroutine of the package runs yet), sync.Once
// initialisers, +checklocksignore functions and test files are not
// evidence; a map never mutated outside them is read-only. Package
// variable initializers are not SSA source functions: they are never seen.
// Only the package's own variables are checked (an unexported variable
// cannot be reached from elsewhere; exported map variables touched by
// other packages are left for later).

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/mapguard/mapguard/internal/lockset"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// GlobalAccesses returns every access of the package's package-level map
// variables (Access.Global set), in source order. Guard(acc.Field, p)
// decides their guard, a package-level mutex variable.
func (r *Result) GlobalAccesses() []*Access { return r.globalAccesses }

// globals collects the package-level map variables, their declared guards,
// their accesses and observations.
func (c *collector) globals(r *Result) {
	scope := c.pass.Pkg.Scope()
	var maps []*types.Var
	var mus []mutexField
	for _, name := range scope.Names() {
		v, ok := scope.Lookup(name).(*types.Var)
		if !ok {
			continue
		}
		switch {
		case IsMap(v.Type()):
			maps = append(maps, v)
		case lockset.IsMutex(v.Type()):
			mus = append(mus, mutexField{path: v.Name(), v: v})
		}
	}
	if len(maps) == 0 || len(mus) == 0 {
		return
	}
	byVar := map[*types.Var]*fieldInfo{}
	for _, v := range maps {
		fi := &fieldInfo{field: v, global: true, mutexes: mus, lockedW: map[string]int{}, lockedN: map[string]int{}}
		r.fields[v] = fi
		byVar[v] = fi
	}
	declaredGlobalGuards(c, byVar)
	pkg := c.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).Pkg
	inits := c.initFuncs()
	for _, fn := range c.funcs {
		f := c.ls.Func(fn)
		if f == nil {
			continue
		}
		ctx := c.funcContext(fn)
		if ctx == Normal && inits[fn] {
			ctx = Init
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var g *ssa.Global
				acc := &Access{Func: f, Context: ctx, GlobalInstr: instr}
				switch u := instr.(type) {
				case *ssa.UnOp:
					if u.Op != token.MUL {
						continue
					}
					g, _ = u.X.(*ssa.Global)
					if g == nil || g.Pkg != pkg {
						continue
					}
					acc.Loads = []*ssa.UnOp{u}
					if wi := c.mutation(u); wi != nil {
						acc.Write, acc.WriteInstr = true, wi
					} else {
						acc.LenOnly = onlyLen(u)
					}
				case *ssa.Store:
					g, _ = u.Addr.(*ssa.Global)
					if g == nil || g.Pkg != pkg {
						continue
					}
					acc.Write, acc.WriteInstr = true, u
				default:
					continue
				}
				v, _ := g.Object().(*types.Var)
				fi := byVar[v]
				if fi == nil {
					continue
				}
				acc.Field, acc.Global, acc.Root, acc.Name = v, g, g, v.Name()
				r.globalAccesses = append(r.globalAccesses, acc)
				if acc.Context == Normal {
					c.observe(fi, acc, fn)
				}
			}
		}
	}
	sortAccesses(c.pass.Fset, r.globalAccesses)
}

// initFuncs returns the functions that run only during package
// initialisation: init functions, closures they run in place (not started
// on a goroutine, not stored), and functions whose every call in the
// package's non-test code is made from such a function (registerDefaults
// called by init). No function of the package runs concurrently with them.
func (c *collector) initFuncs() map[*ssa.Function]bool {
	inits := map[*ssa.Function]bool{}
	for _, fn := range c.funcs {
		top := fn
		for top.Parent() != nil {
			top = top.Parent()
		}
		if top.Synthetic == "" && strings.HasPrefix(top.Name(), "init#") && top.Signature.Recv() == nil && (fn == top || c.runsInline(fn, top)) {
			inits[fn] = true
		}
	}
	if len(inits) == 0 {
		return inits
	}
	for round := 0; round < 4; round++ {
		changed := false
		for _, fn := range c.funcs {
			if inits[fn] || fn.Parent() != nil || fn.Object() == nil || c.ls.AddressTaken(fn) {
				continue
			}
			if fn.Name() == "main" && fn.Signature.Recv() == nil {
				continue
			}
			n, ok := 0, true
			for _, s := range c.ls.Callers(fn) {
				if c.inTestFile(s.Pos()) {
					continue
				}
				call, isCall := s.(*ssa.Call)
				if !isCall || !inits[call.Parent()] {
					ok = false
					break
				}
				n++
			}
			if ok && n > 0 {
				inits[fn] = true
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return inits
}

// declaredGlobalGuards reads annotations and comments of package-level var
// declarations: +checklocks:mu / "guarded by mu" on the map variable; "mu
// guards registry, aliases" or "mu protects the variables below" on the
// mutex (the variables declared after it in the same var block, up to a
// blank line or the next mutex).
func declaredGlobalGuards(c *collector, maps map[*types.Var]*fieldInfo) {
	pass := c.pass
	mutexVar := func(name string) *types.Var {
		name = strings.TrimSuffix(name, ".")
		if i := strings.LastIndex(name, "."); i >= 0 {
			// "pkg.mu" in a comment: only this package's name qualifies.
			if name[:i] != pass.Pkg.Name() {
				return nil
			}
			name = name[i+1:]
		}
		v, ok := pass.Pkg.Scope().Lookup(name).(*types.Var)
		if !ok || !lockset.IsMutex(v.Type()) {
			return nil
		}
		return v
	}
	set := func(fi *fieldInfo, mu *types.Var, src Source, reason string, shared, group bool) {
		if fi.declared != nil && fi.declared.Source >= src && (group || !fi.declared.group) {
			return
		}
		fi.declared = &Guard{Field: fi.field, Mutex: mu.Name(), MutexField: mu, Source: src, Reason: reason, Shared: shared, group: group}
	}
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			type spec struct {
				vars       []*types.Var
				line, end  int
				doc        string
				raw        []*ast.Comment
				isMutex    bool
				hasMapVars bool
			}
			var specs []spec
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				groups := []*ast.CommentGroup{vs.Doc, vs.Comment}
				if !gd.Lparen.IsValid() {
					groups = append(groups, gd.Doc)
				}
				sp := spec{doc: commentText(groups...)}
				start := vs.Pos()
				if vs.Doc != nil {
					start = vs.Doc.Pos()
				} else if !gd.Lparen.IsValid() && gd.Doc != nil {
					start = gd.Doc.Pos()
				}
				sp.line, sp.end = pass.Fset.Position(start).Line, pass.Fset.Position(vs.End()).Line
				if vs.Comment != nil {
					sp.end = pass.Fset.Position(vs.Comment.End()).Line
				}
				for _, g := range groups {
					if g != nil {
						sp.raw = append(sp.raw, g.List...)
					}
				}
				for _, id := range vs.Names {
					v, ok := pass.TypesInfo.Defs[id].(*types.Var)
					if !ok {
						continue
					}
					sp.vars = append(sp.vars, v)
					if lockset.IsMutex(v.Type()) {
						sp.isMutex = true
					}
					if maps[v] != nil {
						sp.hasMapVars = true
					}
				}
				specs = append(specs, sp)
			}
			for i, sp := range specs {
				if sp.hasMapVars {
					for _, v := range sp.vars {
						fi := maps[v]
						if fi == nil {
							continue
						}
						for _, cm := range sp.raw {
							text := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(cm.Text, "//"), "/*"))
							for _, w := range strings.Fields(text) {
								name, arg, _ := strings.Cut(w, ":")
								switch name {
								case "+checklocksignore":
									fi.ignore = true
								case "+checklocks", "+checklocksread":
									if mu := mutexVar(arg); mu != nil {
										set(fi, mu, Annotation, name+":"+arg+" annotation", name == "+checklocksread", false)
									}
								}
							}
						}
						if m := guardedByRE.FindStringSubmatch(sp.doc); m != nil {
							if mu := mutexVar(m[1]); mu != nil {
								set(fi, mu, Comment, fmt.Sprintf("comment %q", strings.TrimSpace(m[0])), false, false)
							}
						}
					}
					continue
				}
				if !sp.isMutex || sp.doc == "" || len(sp.vars) != 1 {
					continue
				}
				mu := sp.vars[0]
				m := guardsRE.FindStringSubmatch(sp.doc)
				if m == nil {
					continue
				}
				reason := fmt.Sprintf("comment %q", firstLine(strings.TrimSpace(sp.doc)))
				for _, w := range wordRE.FindAllString(m[1], -1) {
					if v, ok := pass.Pkg.Scope().Lookup(w).(*types.Var); ok && maps[v] != nil {
						set(maps[v], mu, Comment, reason, false, false)
					}
				}
				if followingRE.MatchString(m[1]) && gd.Lparen.IsValid() {
					prev := sp.end
					for _, next := range specs[i+1:] {
						if next.line > prev+1 || next.isMutex {
							break
						}
						prev = next.end
						for _, v := range next.vars {
							if maps[v] != nil {
								set(maps[v], mu, Comment, reason, false, true)
							}
						}
					}
				}
			}
		}
	}
}
