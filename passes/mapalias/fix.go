package mapalias

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const mapsafePath = "github.com/mapguard/mapguard/mapsafe"

// A copyPlan says how to copy a map of a given type in a given file: the
// expression to wrap around the map, the import edits it needs and the
// fix's title. When no safe copy exists, why says so.
type copyPlan struct {
	wrap  func(x string) string
	edits []analysis.TextEdit
	title string
	why   string
}

func (c copyPlan) ok() bool { return c.wrap != nil }

// planCopy decides how to copy a value of map type mt at pos in file.
func (r *run) planCopy(file *ast.File, pos token.Pos, mt types.Type) copyPlan {
	m, ok := mt.Underlying().(*types.Map)
	if !ok {
		return copyPlan{why: "not a map"}
	}
	elem := m.Elem()

	// A standard-library map type with its own deep Clone method
	// (http.Header.Clone, which copies the value slices too).
	if clone := stdClone(mt); clone {
		return copyPlan{
			wrap:  func(x string) string { return x + ".Clone()" },
			title: "Copy the map with its Clone method (a nil map stays nil)",
		}
	}

	// A value type with a DeepCopy() V method: the type knows how to copy
	// itself.
	if hookOK(elem) && r.atLeast(file, mapsafeMinGo) {
		if text, ok := r.typeText(file, pos, elem); ok {
			name, edits, ok := r.importName(file, pos, mapsafePath, "mapsafe")
			if ok {
				return copyPlan{
					wrap: func(x string) string {
						return name + "DeepCopyMapFunc(" + x + ", " + text + ".DeepCopy)"
					},
					edits: edits,
					title: "Copy the map and each value with its DeepCopy method (mapsafe.DeepCopyMapFunc; a nil map stays nil)",
				}
			}
		}
	}

	if what := uncopyable(elem, make(map[types.Type]bool)); what != "" {
		return copyPlan{why: "its values hold " + what + ", which a copy would share or break; copy it by hand"}
	}

	if refFree(elem, make(map[types.Type]bool)) {
		if !r.atLeast(file, "go1.21") {
			return copyPlan{why: "maps.Clone needs Go 1.21 and this file's Go version is older"}
		}
		name, edits, ok := r.importName(file, pos, "maps", "maps")
		if !ok {
			return copyPlan{why: "cannot import maps here"}
		}
		return copyPlan{
			wrap:  func(x string) string { return name + "Clone(" + x + ")" },
			edits: edits,
			title: "Copy the map with maps.Clone (a nil map stays nil)",
		}
	}
	if !r.atLeast(file, mapsafeMinGo) {
		return copyPlan{why: "this file's Go version is older than 1.24, which mapsafe.DeepCopyMap needs (mapsafe's go.mod says go 1.24)"}
	}
	name, edits, ok := r.importName(file, pos, mapsafePath, "mapsafe")
	if !ok {
		return copyPlan{why: "cannot import mapsafe here"}
	}
	return copyPlan{
		wrap:  func(x string) string { return name + "DeepCopyMap(" + x + ")" },
		edits: edits,
		title: "Copy the map and the values it refers to with mapsafe.DeepCopyMap (a nil map stays nil)",
	}
}

// mapsafeMinGo is the go line of mapsafe's go.mod: a fix that imports
// mapsafe into an older module would force the module's go line up.
const mapsafeMinGo = "go1.24"

// atLeast reports whether file's Go version is at least v. An unknown
// version counts as recent (tools that do not set versions use the
// toolchain's language).
func (r *run) atLeast(file *ast.File, v string) bool {
	fv := r.pass.TypesInfo.FileVersions[file]
	if fv == "" && r.pass.Pkg != nil {
		fv = r.pass.Pkg.GoVersion()
	}
	if fv == "" {
		return true
	}
	return version.Compare(fv, v) >= 0
}

// stdClone reports whether mt is a standard-library named map type with a
// method Clone() mt that copies deeply (net/http.Header).
func stdClone(mt types.Type) bool {
	n, ok := types.Unalias(mt).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Header"
}

// hookOK reports whether t has a method DeepCopy() t.
func hookOK(t types.Type) bool {
	if types.IsInterface(t) {
		return false
	}
	if _, ok := t.(*types.TypeParam); ok {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "DeepCopy")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && !sig.Variadic() &&
		types.Identical(sig.Results().At(0).Type(), t)
}

// typeText renders t as it must be written at pos in file, for a method
// expression: "T", "pkg.T", "(*pkg.T)". It fails when a package t refers to
// is not imported by the file.
func (r *run) typeText(file *ast.File, pos token.Pos, t types.Type) (string, bool) {
	ok := true
	qual := func(p *types.Package) string {
		if p == r.pass.Pkg {
			return ""
		}
		name, has := r.existingImport(file, pos, p.Path())
		if !has || name == "" {
			ok = false
			return p.Name()
		}
		return strings.TrimSuffix(name, ".")
	}
	s := types.TypeString(t, qual)
	if !ok {
		return "", false
	}
	if _, isPtr := t.(*types.Pointer); isPtr {
		s = "(" + s + ")"
	}
	return s, true
}

var lockTypes = map[string]bool{
	"Mutex": true, "RWMutex": true, "WaitGroup": true, "Once": true, "Cond": true, "Map": true, "Pool": true,
}

// uncopyable returns what in t makes a copy unsafe to offer: a lock, a
// channel or a func (reached through fields, pointers, slices, arrays and
// maps; interfaces are not looked into).
func uncopyable(t types.Type, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		if p := n.Obj().Pkg().Path(); (p == "sync" && lockTypes[n.Obj().Name()]) || p == "sync/atomic" {
			return "a " + p + "." + n.Obj().Name()
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return "a channel"
	case *types.Signature:
		return "a func"
	case *types.Pointer:
		return uncopyable(u.Elem(), seen)
	case *types.Slice:
		return uncopyable(u.Elem(), seen)
	case *types.Array:
		return uncopyable(u.Elem(), seen)
	case *types.Map:
		if w := uncopyable(u.Key(), seen); w != "" {
			return w
		}
		return uncopyable(u.Elem(), seen)
	case *types.Struct:
		for f := range u.Fields() {
			if w := uncopyable(f.Type(), seen); w != "" {
				return w
			}
		}
	}
	return ""
}

// refFree reports whether a value of type t refers to no mutable memory, so
// that copying it by assignment gives an independent value.
func refFree(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil &&
		n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
		return true // immutable by convention; its *Location is shared by design
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() != types.UnsafePointer && u.Kind() != types.UntypedNil
	case *types.Array:
		return refFree(u.Elem(), seen)
	case *types.Struct:
		for f := range u.Fields() {
			if !refFree(f.Type(), seen) {
				return false
			}
		}
		return true
	}
	return false
}

// existingImport returns the prefix ("name." or "" for a dot import) under
// which file imports pkgPath, if it does and the name is not shadowed at pos.
func (r *run) existingImport(file *ast.File, pos token.Pos, pkgPath string) (string, bool) {
	info := r.pass.TypesInfo
	scope := info.Scopes[file]
	if scope == nil {
		return "", false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		inner = scope
	}
	for _, spec := range file.Imports {
		pn := info.PkgNameOf(spec)
		if pn == nil || pn.Imported().Path() != pkgPath {
			continue
		}
		switch pn.Name() {
		case "_":
			continue
		case ".":
			return "", true
		}
		if _, obj := inner.LookupParent(pn.Name(), pos); obj == pn {
			return pn.Name() + ".", true
		}
	}
	return "", false
}

// importName returns the prefix to use for pkgPath at pos in file, and the
// edits that add the import when the file lacks it: the new spec is merged
// into the file's import block, sorted into the standard-library group or
// the last third-party group. When the preferred name is taken at pos (a
// local variable named maps, or another package imported as maps), the new
// import is renamed.
func (r *run) importName(file *ast.File, pos token.Pos, pkgPath, preferred string) (string, []analysis.TextEdit, bool) {
	if prefix, ok := r.existingImport(file, pos, pkgPath); ok {
		return prefix, nil, true
	}
	info := r.pass.TypesInfo
	scope := info.Scopes[file]
	if scope == nil {
		return "", nil, false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		inner = scope
	}
	taken := func(name string) bool {
		if _, obj := inner.LookupParent(name, pos); obj != nil {
			return true
		}
		for _, spec := range file.Imports {
			if pn := info.PkgNameOf(spec); pn != nil && pn.Name() == name {
				return true
			}
		}
		// A package-level declaration in another file of the package.
		return r.pass.Pkg.Scope().Lookup(name) != nil
	}
	name := preferred
	for i := 0; taken(name); i++ {
		if i == 0 {
			name = "std" + preferred
			if pkgPath != "maps" {
				name = preferred + "pkg"
			}
		} else {
			name = preferred + strconv.Itoa(i+1)
		}
		if i > 20 {
			return "", nil, false
		}
	}
	spec := strconv.Quote(pkgPath)
	if name != preferred || name != pkgPath[strings.LastIndex(pkgPath, "/")+1:] {
		spec = name + " " + spec
	}
	return name + ".", addImport(r.pass.Fset, file, pkgPath, spec, r.pass.Pkg.Path()), true
}

// isStd guesses whether path is a standard-library package: its first
// element has no dot, and it is not the first element of the importing
// package's own path (a GOPATH or dot-less module path).
func isStd(path, self string) bool {
	first, _, _ := strings.Cut(path, "/")
	own, _, _ := strings.Cut(self, "/")
	return !strings.Contains(first, ".") && first != own
}

// addImport returns the edit that adds spec (`"maps"` or `name "path"`) to
// file's imports.
func addImport(fset *token.FileSet, file *ast.File, pkgPath, spec, self string) []analysis.TextEdit {
	isStd := func(p string) bool { return isStd(p, self) }
	lineOf := func(p token.Pos) int { return fset.Position(p).Line }
	var decl, cgo *ast.GenDecl
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		if len(g.Specs) == 1 && g.Specs[0].(*ast.ImportSpec).Path.Value == `"C"` {
			cgo = g // import "C" must stay alone, right after its preamble
			continue
		}
		decl = g
		break
	}
	if decl == nil && cgo != nil {
		return []analysis.TextEdit{{Pos: cgo.End(), End: cgo.End(), NewText: []byte("\n\nimport " + spec)}}
	}
	if decl == nil {
		// No imports: add a declaration after the package clause.
		return []analysis.TextEdit{{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + spec)}}
	}
	std := isStd(pkgPath)
	if !decl.Lparen.IsValid() {
		// import "fmt" → a block holding both, groups separated.
		old := decl.Specs[0].(*ast.ImportSpec)
		oldText := importSpecText(old)
		oldStd := isStd(mustUnquote(old.Path.Value))
		var lines []string
		switch {
		case std == oldStd && pkgPath < mustUnquote(old.Path.Value):
			lines = []string{spec, oldText}
		case std == oldStd:
			lines = []string{oldText, spec}
		case std:
			lines = []string{spec, "", oldText}
		default:
			lines = []string{oldText, "", spec}
		}
		text := "import (\n"
		for _, l := range lines {
			if l == "" {
				text += "\n"
				continue
			}
			text += "\t" + l + "\n"
		}
		text += ")"
		return []analysis.TextEdit{{Pos: decl.Pos(), End: decl.End(), NewText: []byte(text)}}
	}
	if len(decl.Specs) == 0 {
		return []analysis.TextEdit{{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte("\n\t" + spec + "\n")}}
	}
	// Split the block into groups (runs of specs without blank lines).
	var groups [][]*ast.ImportSpec
	lastLine := -1
	for _, s := range decl.Specs {
		is := s.(*ast.ImportSpec)
		line := lineOf(is.Pos())
		if lastLine < 0 || line > lastLine+1 || len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], is)
		lastLine = lineOf(is.End())
	}
	// The standard library is the first group (gofmt/goimports layout);
	// other imports go into the last group when there are several.
	var target []*ast.ImportSpec
	switch {
	case std && isStd(mustUnquote(groups[0][0].Path.Value)):
		target = groups[0]
	case !std && len(groups) >= 2:
		target = groups[len(groups)-1]
	case !std && !isStd(mustUnquote(groups[0][0].Path.Value)):
		target = groups[0]
	}
	if target == nil {
		if std {
			first := groups[0][0]
			return []analysis.TextEdit{{Pos: first.Pos(), End: first.Pos(), NewText: []byte(spec + "\n\n\t")}}
		}
		// A new group at the end of the block.
		return []analysis.TextEdit{{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte("\n\t" + spec + "\n")}}
	}
	for _, s := range target {
		if mustUnquote(s.Path.Value) > pkgPath {
			at := s.Pos()
			if s.Doc != nil {
				at = s.Doc.Pos()
			}
			return []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(spec + "\n\t")}}
		}
	}
	last := target[len(target)-1]
	end := last.End()
	if last.Comment != nil {
		end = last.Comment.End()
	}
	return []analysis.TextEdit{{Pos: end, End: end, NewText: []byte("\n\t" + spec)}}
}

func importSpecText(s *ast.ImportSpec) string {
	if s.Name != nil {
		return s.Name.Name + " " + s.Path.Value
	}
	return s.Path.Value
}

func mustUnquote(s string) string {
	u, err := strconv.Unquote(s)
	if err != nil {
		return s
	}
	return u
}
