package mapvalue

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// canon writes t in the syntax of the decoder table (internal/provenance):
// full import paths, "interface {}" for the empty interface, aliases
// resolved. It returns "" for types the syntax cannot express (struct
// literals, functions, generic instances...), which then match no entry.
func canon(t types.Type) string {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		return types.Typ[t.Kind()].Name()
	case *types.Named:
		if t.TypeArgs().Len() > 0 {
			return ""
		}
		obj := t.Obj()
		if obj.Pkg() == nil {
			return obj.Name() // error, comparable
		}
		return obj.Pkg().Path() + "." + obj.Name()
	case *types.Slice:
		if e := canon(t.Elem()); e != "" {
			return "[]" + e
		}
	case *types.Pointer:
		if e := canon(t.Elem()); e != "" {
			return "*" + e
		}
	case *types.Map:
		k, v := canon(t.Key()), canon(t.Elem())
		if k != "" && v != "" {
			return "map[" + k + "]" + v
		}
	case *types.Interface:
		if t.Empty() {
			return "interface {}"
		}
	}
	return ""
}

// resolver turns table syntax back into types, looking named types up in
// the packages the analysed package imports (directly or not).
type resolver struct {
	pkg   *types.Package
	pkgs  map[string]*types.Package
	cache map[string]types.Type
}

func newResolver(pkg *types.Package) *resolver {
	return &resolver{pkg: pkg, cache: make(map[string]types.Type)}
}

func (r *resolver) lookupPkg(path string) *types.Package {
	if r.pkgs == nil {
		r.pkgs = make(map[string]*types.Package)
		var walk func(p *types.Package)
		walk = func(p *types.Package) {
			if _, ok := r.pkgs[p.Path()]; ok {
				return
			}
			r.pkgs[p.Path()] = p
			for _, imp := range p.Imports() {
				walk(imp)
			}
		}
		walk(r.pkg)
	}
	return r.pkgs[path]
}

// resolve returns the type desc denotes, or nil if it cannot be found
// (callers then assume the worst: it may implement any interface).
func (r *resolver) resolve(desc string) types.Type {
	if t, ok := r.cache[desc]; ok {
		return t
	}
	t := r.parse(desc)
	r.cache[desc] = t
	return t
}

func (r *resolver) parse(desc string) types.Type {
	switch {
	case desc == "interface {}":
		return types.NewInterfaceType(nil, nil).Complete()
	case strings.HasPrefix(desc, "[]"):
		if e := r.resolve(desc[2:]); e != nil {
			return types.NewSlice(e)
		}
		return nil
	case strings.HasPrefix(desc, "*"):
		if e := r.resolve(desc[1:]); e != nil {
			return types.NewPointer(e)
		}
		return nil
	case strings.HasPrefix(desc, "map["):
		depth := 0
		for i := 3; i < len(desc); i++ {
			switch desc[i] {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					k, v := r.resolve(desc[4:i]), r.resolve(desc[i+1:])
					if k == nil || v == nil {
						return nil
					}
					return types.NewMap(k, v)
				}
			}
		}
		return nil
	}
	dot := strings.LastIndex(desc, ".")
	if dot < 0 {
		if obj, ok := types.Universe.Lookup(desc).(*types.TypeName); ok {
			return obj.Type()
		}
		return nil
	}
	if strings.LastIndex(desc, "/") > dot {
		return nil
	}
	p := r.lookupPkg(desc[:dot])
	if p == nil {
		return nil
	}
	if obj, ok := p.Scope().Lookup(desc[dot+1:]).(*types.TypeName); ok {
		return obj.Type()
	}
	return nil
}

// A possible is one dynamic type a value may have: a type from this
// package's stores, or table syntax (decoders, imported facts).
type possible struct {
	typ  types.Type
	desc string
}

func (p possible) String() string {
	if p.typ != nil {
		return short(canon(p.typ), p.typ)
	}
	return short(p.desc, nil)
}

// short makes table syntax readable in messages: "any" for the empty
// interface, package names for import paths.
func short(desc string, t types.Type) string {
	if desc == "" && t != nil {
		return types.TypeString(t, func(p *types.Package) string { return p.Name() })
	}
	desc = strings.ReplaceAll(desc, "interface {}", "any")
	// Trim import paths to their last element: a/b/c.T -> c.T, and the
	// major-version suffix v2.T -> toml.T is left as the path element.
	var b strings.Builder
	i := 0
	for i < len(desc) {
		j := i
		for j < len(desc) && !strings.ContainsRune("[]*", rune(desc[j])) {
			j++
		}
		word := desc[i:j]
		if dot := strings.LastIndex(word, "."); dot >= 0 {
			path := word[:dot]
			name := path[strings.LastIndex(path, "/")+1:]
			if strings.HasPrefix(name, "v") && strings.Count(path, "/") > 0 && isDigits(name[1:]) {
				rest := path[:strings.LastIndex(path, "/")]
				name = rest[strings.LastIndex(rest, "/")+1:]
				name = strings.TrimPrefix(name, "go-")
			}
			word = name + word[dot:]
		}
		b.WriteString(word)
		if j < len(desc) {
			b.WriteByte(desc[j])
		}
		i = j + 1
	}
	return b.String()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// matches reports whether a value of dynamic type p satisfies an
// assertion to t.
func (r *resolver) matches(p possible, t types.Type) bool {
	if p.desc == "nil" {
		return false
	}
	if isInterface(t) {
		pt := p.typ
		if pt == nil {
			pt = r.resolve(p.desc)
		}
		if pt == nil {
			return true // unknown: assume it implements
		}
		return types.Implements(pt, t.Underlying().(*types.Interface))
	}
	if p.typ != nil {
		return types.Identical(p.typ, t)
	}
	c := canon(t)
	return c != "" && c == p.desc
}

// family groups types a defensive type switch handles side by side: a
// case int beside the case float64 that does match is not a bug.
func family(p possible) string {
	desc := p.desc
	if p.typ != nil {
		desc = canon(p.typ)
		switch u := p.typ.Underlying().(type) {
		case *types.Basic:
			switch {
			case u.Info()&types.IsNumeric != 0:
				return "number"
			case u.Info()&types.IsString != 0 && desc != "encoding/json.Number":
				return "string"
			case u.Info()&types.IsBoolean != 0:
				return "bool"
			}
		case *types.Map:
			return "map"
		case *types.Slice:
			return "slice"
		}
	}
	switch {
	case desc == "encoding/json.Number":
		return "number"
	case desc == "time.Time" || strings.HasSuffix(desc, ".LocalDate") || strings.HasSuffix(desc, ".LocalTime") || strings.HasSuffix(desc, ".LocalDateTime"):
		return "time"
	case strings.HasPrefix(desc, "map["):
		return "map"
	case strings.HasPrefix(desc, "[]"):
		return "slice"
	}
	switch desc {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128":
		return "number"
	case "string":
		return "string"
	case "bool":
		return "bool"
	}
	return desc
}

// hint explains what the value holds instead of t, in the family of t
// when the set has members of that family ("numbers are float64").
func hint(set []possible, t types.Type) string {
	tf := family(possible{typ: t})
	var same, all []string
	seen := make(map[string]bool)
	for _, p := range set {
		if p.desc == "nil" {
			continue
		}
		s := p.String()
		if seen[s] {
			continue
		}
		seen[s] = true
		all = append(all, s)
		if family(p) == tf {
			same = append(same, s)
		}
	}
	sort.Strings(same)
	sort.Strings(all)
	switch tf {
	case "number":
		if len(same) > 0 {
			return "numbers are " + orList(same)
		}
	case "map":
		if len(same) > 0 {
			return "maps are " + orList(same)
		}
	case "slice":
		if len(same) > 0 {
			return "lists are " + orList(same)
		}
	case "time":
		if len(same) > 0 {
			return "date-times are " + orList(same)
		}
	}
	return "possible: " + strings.Join(all, ", ")
}

func orList(xs []string) string {
	switch len(xs) {
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " or " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// Facts.

// writesFact marks a function that may store into the maps or slices
// reachable from some of its parameters (receiver first, as in SSA), or
// hand them to code that may: values the caller tracked through those
// parameters may then hold anything.
type writesFact struct {
	Params []int
}

func (*writesFact) AFact() {}

func (f *writesFact) String() string { return fmt.Sprintf("writes%v", f.Params) }

// returnsFact marks a function whose results hold decoded values (or a map
// whose every store its package made): what callers in other packages
// may assert about.
type returnsFact struct {
	Results []resultDesc
}

type resultDesc struct {
	Index    int
	Depth    int
	Decoders []decoderDesc
	Stored   []storedDesc
}

type decoderDesc struct {
	Path  string
	On    []string // options certainly set (method names)
	Maybe []string // options perhaps set
	Call  string   // "Unmarshal" or "Decoder.Decode"
	Where string   // file:line of the decoder call
}

type storedDesc struct {
	Type  string
	Level int
}

func (*returnsFact) AFact() {}

func (f *returnsFact) String() string {
	var parts []string
	for _, r := range f.Results {
		var ds []string
		for _, d := range r.Decoders {
			s := d.Path
			for _, o := range d.On {
				s += "+" + o
			}
			for _, o := range d.Maybe {
				s += "?" + o
			}
			ds = append(ds, s)
		}
		for _, st := range r.Stored {
			ds = append(ds, fmt.Sprintf("%s@%d", st.Type, st.Level))
		}
		parts = append(parts, fmt.Sprintf("%d:%s", r.Index, strings.Join(ds, ",")))
	}
	return "returns(" + strings.Join(parts, "; ") + ")"
}
