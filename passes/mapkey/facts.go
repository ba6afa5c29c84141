package mapkey

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
)

// A KeyParamsFact is exported for a function whose parameters reach a map
// key (directly or through the functions it calls) in a way that hashes the
// parameter's dynamic value: the key of an interface-keyed map, of a map whose
// key is a struct or array with interface fields, or of a sync.Map. A caller
// that passes a value of a non-comparable dynamic type makes that access
// panic.
type KeyParamsFact struct {
	Params []KeyParam
}

// A KeyParam is one parameter of a KeyParamsFact.
type KeyParam struct {
	Index int    // index in the SSA parameter list (the receiver, if any, is 0)
	Name  string // the parameter's name
	Sink  Place  // the map access that hashes it
	Via   []Place
}

// A ResultFact is exported for a function one of whose results, when it is
// not nil, always has a non-comparable dynamic type (for example an error
// type declared as a slice of errors): using that result as a map key
// panics.
type ResultFact struct {
	Results []Result
}

// A Result is one result of a ResultFact.
type Result struct {
	Index int
	Type  string // the dynamic type, as the runtime names it
	At    Place  // a return statement producing it
}

// A Place is a source position that survives serialisation, with what
// happens there.
type Place struct {
	File      string
	Line, Col int
	What      string
}

func (*KeyParamsFact) AFact() {}
func (*ResultFact) AFact()    {}

func (f *KeyParamsFact) String() string {
	var parts []string
	for _, p := range f.Params {
		parts = append(parts, p.Name)
	}
	return "keyParams(" + strings.Join(parts, ", ") + ")"
}

func (f *ResultFact) String() string {
	var parts []string
	for _, r := range f.Results {
		parts = append(parts, fmt.Sprintf("%d:%s", r.Index, r.Type))
	}
	return "unhashableResult(" + strings.Join(parts, ", ") + ")"
}

func (f *KeyParamsFact) param(i int) *KeyParam {
	if f == nil {
		return nil
	}
	for k := range f.Params {
		if f.Params[k].Index == i {
			return &f.Params[k]
		}
	}
	return nil
}

func (f *ResultFact) result(i int) *Result {
	if f == nil {
		return nil
	}
	for k := range f.Results {
		if f.Results[k].Index == i {
			return &f.Results[k]
		}
	}
	return nil
}

func placeOf(fset *token.FileSet, pos token.Pos, what string) Place {
	p := Place{What: what}
	if pos.IsValid() {
		posn := fset.Position(pos)
		p.File, p.Line, p.Col = posn.Filename, posn.Line, posn.Column
	}
	return p
}

func (p Place) String() string {
	if p.File == "" {
		return p.What
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.File), p.Line)
}

// positions maps Places from facts back to token.Pos in the pass's file set.
// Under go vet the file set holds the imported packages' files as the export
// data importer recorded them (line-accurate); under the test driver it holds
// every parsed file.
type positions struct {
	fset  *token.FileSet
	files map[string]*token.File
}

func (ps *positions) pos(p Place) token.Pos {
	if p.File == "" {
		return token.NoPos
	}
	if ps.files == nil {
		ps.files = make(map[string]*token.File)
		ps.fset.Iterate(func(f *token.File) bool {
			if _, ok := ps.files[f.Name()]; !ok {
				ps.files[f.Name()] = f
			}
			return true
		})
	}
	f := ps.files[p.File]
	if f == nil || p.Line < 1 || p.Line > f.LineCount() {
		return token.NoPos
	}
	start := f.LineStart(p.Line)
	if p.Col > 1 {
		off := f.Offset(start) + p.Col - 1
		if off < f.Size() && (p.Line == f.LineCount() || off < f.Offset(f.LineStart(p.Line+1))) {
			return f.Pos(off)
		}
	}
	return start
}
