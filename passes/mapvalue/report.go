package mapvalue

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// possibleSet returns the dynamic types a value at the given depth of t
// may have, or nil if t does not know.
func (s *state) possibleSet(t *tree, depth int) []possible {
	t = find(t)
	if t.unknown || t.unknownStore {
		return nil
	}
	var set []possible
	if len(t.decs) > 0 {
		for _, d := range t.decs {
			for _, desc := range d.dec.TypeSet(d.on, d.maybe, s.int32) {
				set = append(set, possible{desc: desc})
			}
		}
		for _, st := range t.stores {
			set = append(set, st.p)
		}
		return set
	}
	if depth != 0 {
		return nil // only decoded documents are known below the top
	}
	for _, st := range t.stores {
		if st.level == 0 {
			set = append(set, st.p)
		}
	}
	return set
}

func (s *state) report(deadCases bool) {
	if !s.converged {
		return
	}
	idx := buildASTIndex(s.pass.Files)
	for _, fn := range s.funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if ta, ok := in.(*ssa.TypeAssert); ok {
					s.check(ta, idx, deadCases)
				}
			}
		}
	}
}

func (s *state) check(ta *ssa.TypeAssert, idx *astIndex, deadCases bool) {
	n, ok := s.node(ta.X)
	if !ok || n.kind != kVal {
		return
	}
	T := ta.AssertedType
	if isTypeParam(T) {
		return
	}
	if it, ok := T.Underlying().(*types.Interface); ok && it.Empty() {
		return
	}
	set := s.possibleSet(n.t, n.depth)
	if len(set) == 0 {
		return
	}
	nonNil := 0
	for _, p := range set {
		if p.desc != "nil" {
			nonNil++
		}
		if s.res.matches(p, T) {
			return
		}
	}
	if nonNil == 0 {
		return
	}
	if ta.CommaOk && !deadCases && s.defended(ta, set, T) {
		return
	}

	// Find the syntax.
	var (
		xExpr    ast.Expr
		at       ast.Node
		assert   *ast.TypeAssertExpr
		inSwitch bool
	)
	if e, ok := idx.asserts[ta.Pos()]; ok {
		xExpr, at, assert = e.X, e, e
	} else if cs, ok := idx.cases[ta.Pos()]; ok {
		inSwitch = true
		xExpr = typeSwitchX(cs.sw)
		for _, e := range cs.clause.List {
			if tv, ok := s.pass.TypesInfo.Types[e]; ok && tv.IsType() && types.Identical(tv.Type, T) {
				at = e
				break
			}
		}
	}
	if xExpr == nil || at == nil {
		return
	}
	x := types.ExprString(xExpr)
	tname := types.TypeString(T, types.RelativeTo(s.pass.Pkg))
	holds := s.holds(n.t)
	why := fmt.Sprintf("%s holds %s, never %s (%s)", x, holds, tname, hint(set, T))
	var msg string
	switch {
	case !ta.CommaOk:
		msg = "panics: " + why
	case inSwitch:
		msg = "never matches: case " + tname + ": " + why
	default:
		msg = "never matches: " + why + "; the assertion always fails"
	}
	d := analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Message: msg, Related: s.related(n.t, idx)}
	if !ta.CommaOk && assert != nil {
		if fix, ok := s.floatFix(assert, T, set); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	s.pass.Report(d)
}

// holds describes where the values of t come from.
func (s *state) holds(t *tree) string {
	t = find(t)
	var names []string
	seen := make(map[string]bool)
	for _, d := range t.decs {
		name := d.dec.Name
		if len(d.on) > 0 {
			var ms []string
			for _, o := range d.on {
				ms = append(ms, o.Method)
			}
			name += " with " + strings.Join(ms, ", ")
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) > 0 {
		h := "a value decoded by " + orList(names)
		if len(t.stores) > 0 {
			h += " or stored by this code"
		}
		return h
	}
	var vias []string
	for _, st := range t.stores {
		if st.via != "" && !seen[st.via] {
			seen[st.via] = true
			vias = append(vias, st.via)
		}
	}
	if len(vias) > 0 {
		sort.Strings(vias)
		return "only values stored by " + orList(vias)
	}
	return "only values stored by this package"
}

// related explains the diagnostic: the decoder calls and the stores.
func (s *state) related(t *tree, idx *astIndex) []analysis.RelatedInformation {
	t = find(t)
	var rel []analysis.RelatedInformation
	for i, d := range t.decs {
		if i == 3 || !d.pos.IsValid() {
			break
		}
		var msg string
		switch {
		case d.via != "":
			msg = fmt.Sprintf("%s returns a value decoded by %s.%s", d.via, pkgName(d.dec.Path), d.call)
			if d.where != "" {
				msg += " at " + d.where
			}
		default:
			msg = fmt.Sprintf("decoded here by %s.%s", pkgName(d.dec.Path), d.call)
		}
		if len(d.on) > 0 {
			msg += " (UseNumber set)"
			for _, o := range d.on {
				msg = strings.Replace(msg, "UseNumber", o.Method, 1)
			}
		} else if len(d.maybe) > 0 {
			msg += " (options unknown)"
		}
		ri := analysis.RelatedInformation{Pos: d.pos, Message: msg}
		if call, ok := idx.calls[d.pos]; ok {
			ri.Pos, ri.End = call.Pos(), call.End()
		}
		rel = append(rel, ri)
	}
	n := 0
	for _, st := range t.stores {
		if n == 3 || !st.pos.IsValid() {
			continue
		}
		n++
		msg := "stores " + st.p.String()
		if st.via != "" {
			msg = st.via + " returns a map holding " + st.p.String()
		}
		rel = append(rel, analysis.RelatedInformation{Pos: st.pos, Message: msg})
	}
	return rel
}

// defended reports whether the value asserted by the comma-ok assertion
// (or type-switch case) ta is also asserted to a possible type of the same
// kind: a defensive "case int" beside a matching "case float64".
func (s *state) defended(ta *ssa.TypeAssert, set []possible, T types.Type) bool {
	tf := family(possible{typ: T})
	var peers []*ssa.TypeAssert
	collect := func(v ssa.Value) {
		for _, r := range *v.Referrers() {
			if p, ok := r.(*ssa.TypeAssert); ok && p != ta {
				peers = append(peers, p)
			}
		}
	}
	collect(ta.X)
	if lk, ok := ta.X.(*ssa.Lookup); ok {
		if key, ok := lk.Index.(*ssa.Const); ok {
			maps := []ssa.Value{lk.X}
			if load, ok := lk.X.(*ssa.UnOp); ok && load.Op == token.MUL {
				// Other loads of the same variable.
				for _, r := range *load.X.Referrers() {
					if l2, ok := r.(*ssa.UnOp); ok && l2 != load && l2.Op == token.MUL {
						maps = append(maps, l2)
					}
				}
			}
			for _, m := range maps {
				for _, r := range *m.Referrers() {
					if other, ok := r.(*ssa.Lookup); ok && other != lk {
						if k2, ok := other.Index.(*ssa.Const); ok && sameConst(key, k2) {
							collect(other)
						}
					}
				}
			}
		}
	}
	for _, p := range peers {
		for _, q := range set {
			if family(q) == tf && s.res.matches(q, p.AssertedType) {
				return true
			}
		}
	}
	return false
}

func sameConst(a, b *ssa.Const) bool {
	if a.Value == nil || b.Value == nil {
		return false
	}
	return constant.Compare(a.Value, token.EQL, b.Value)
}

// floatFix rewrites x.(T), T an integer type, on a value whose numbers are
// all float64 (encoding/json without UseNumber) into T(x.(float64)).
func (s *state) floatFix(e *ast.TypeAssertExpr, T types.Type, set []possible) (analysis.SuggestedFix, bool) {
	b, ok := T.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return analysis.SuggestedFix{}, false
	}
	numbers := 0
	float := false
	for _, p := range set {
		if family(p) != "number" {
			continue
		}
		numbers++
		if p.desc == "float64" || (p.typ != nil && canon(p.typ) == "float64") {
			float = true
		}
	}
	if numbers == 0 || !float {
		return analysis.SuggestedFix{}, false
	}
	for _, p := range set {
		if family(p) == "number" && !(p.desc == "float64" || (p.typ != nil && canon(p.typ) == "float64")) {
			return analysis.SuggestedFix{}, false
		}
	}
	xText, ok1 := s.source(e.X)
	tText, ok2 := s.source(e.Type)
	if !ok1 || !ok2 {
		return analysis.SuggestedFix{}, false
	}
	newText := fmt.Sprintf("%s(%s.(float64))", tText, xText)
	bits := 64
	if s.pass.TypesSizes != nil {
		bits = int(s.pass.TypesSizes.Sizeof(T)) * 8
	}
	var exact string
	switch {
	case bits >= 64 && b.Info()&types.IsUnsigned != 0:
		exact = "exact for integers from 0 to 2^53"
	case bits >= 64:
		exact = "exact for integers up to 2^53 in magnitude"
	default:
		exact = fmt.Sprintf("exact for integers in %s's range", types.TypeString(T, types.RelativeTo(s.pass.Pkg)))
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Assert float64 and convert: %s (%s; fractions are truncated)", newText, exact),
		TextEdits: []analysis.TextEdit{{
			Pos: e.Pos(), End: e.End(), NewText: []byte(newText),
		}},
	}, true
}

// source returns the source text of n.
func (s *state) source(n ast.Node) (string, bool) {
	f := s.pass.Fset.File(n.Pos())
	if f == nil || s.pass.ReadFile == nil {
		return "", false
	}
	data, err := s.pass.ReadFile(f.Name())
	if err != nil {
		return "", false
	}
	start, end := f.Offset(n.Pos()), f.Offset(n.End())
	if start < 0 || end > len(data) || start > end {
		return "", false
	}
	return string(data[start:end]), true
}

// pkgName guesses the name a decoder's package is imported as:
// "gopkg.in/yaml.v3" -> "yaml", "github.com/pelletier/go-toml/v2" -> "toml".
func pkgName(path string) string {
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && isDigits(name[1:]) {
		name = elems[len(elems)-2]
	}
	name = strings.TrimPrefix(name, "go-")
	if i := strings.Index(name, "."); i >= 0 {
		name = name[:i]
	}
	return name
}
