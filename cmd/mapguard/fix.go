package main

// The fix engine of -fix and -diff.
//
// Each diagnostic contributes its first suggested fix (as go vet -fix does).
// Fixes are accepted greedily in diagnostic order: a fix is accepted only if
// none of its edits overlaps an edit already accepted in the same file; an
// edit identical to an accepted one (the same import added by two fixes) is
// coalesced rather than applied twice. A fix that overlaps is not applied,
// in any file, and is reported. Files are rewritten atomically: the new
// content goes to a temporary file in the same directory, which is renamed
// over the original (keeping its permissions) only if the whole new content
// was written; a file whose fixed content would not parse is left alone.

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
)

type fixConflict struct {
	Diag   *Diagnostic
	Reason string
}

type fileFix struct {
	name  string
	orig  []byte
	edits []Edit        // accepted, in any order
	diags []*Diagnostic // diagnostics whose fix edits this file
}

type fixPlan struct {
	files     map[string]*fileFix
	Conflicts []fixConflict
	readFile  func(string) ([]byte, error)
	rename    func(oldpath, newpath string) error // os.Rename; replaced in tests
}

func planFixes(diags []*Diagnostic) *fixPlan {
	p := &fixPlan{files: make(map[string]*fileFix), readFile: os.ReadFile, rename: os.Rename}
	p.plan(diags)
	return p
}

// owner records which diagnostic's fix contributed an accepted edit.
type acceptedEdit struct {
	Edit
	by *Diagnostic
}

func (p *fixPlan) plan(diags []*Diagnostic) {
	accepted := make(map[string][]acceptedEdit)
	for _, d := range diags {
		if len(d.Fixes) == 0 {
			continue
		}
		fix := d.Fixes[0]
		// Normalise: group by file, drop exact duplicates within the fix.
		byFile := make(map[string][]Edit)
		var order []string
		for _, e := range fix.Edits {
			if _, ok := byFile[e.File]; !ok {
				order = append(order, e.File)
			}
			dup := false
			for _, f := range byFile[e.File] {
				if f == e {
					dup = true
				}
			}
			if !dup {
				byFile[e.File] = append(byFile[e.File], e)
			}
		}
		reason := ""
		var add map[string][]Edit
	files:
		for _, name := range order {
			ff, err := p.file(name)
			if err != nil {
				reason = err.Error()
				break
			}
			edits := byFile[name]
			sort.SliceStable(edits, func(i, j int) bool { return edits[i].Offset < edits[j].Offset })
			for i, e := range edits {
				if e.Offset < 0 || e.End < e.Offset || e.End > len(ff.orig) {
					reason = fmt.Sprintf("edit [%d,%d) is outside %s (%d bytes); was the file changed since it was analysed?", e.Offset, e.End, filepath.Base(name), len(ff.orig))
					break files
				}
				if i > 0 && overlaps(edits[i-1], e) {
					reason = "its own edits overlap"
					break files
				}
			}
			for _, e := range edits {
				for _, a := range accepted[name] {
					if a.Edit == e {
						continue // coalesced with an identical accepted edit
					}
					if overlaps(a.Edit, e) {
						reason = fmt.Sprintf("it overlaps the fix of %s (%s) at %s:%d:%d",
							a.by.Check, a.by.Message, filepath.Base(a.by.File), a.by.Line, a.by.Column)
						break files
					}
				}
			}
			if add == nil {
				add = make(map[string][]Edit)
			}
			add[name] = edits
		}
		if reason != "" {
			p.Conflicts = append(p.Conflicts, fixConflict{Diag: d, Reason: reason})
			continue
		}
		for _, name := range order {
			ff := p.files[name]
			ff.diags = append(ff.diags, d)
		edits:
			for _, e := range add[name] {
				for _, a := range accepted[name] {
					if a.Edit == e {
						continue edits
					}
				}
				accepted[name] = append(accepted[name], acceptedEdit{e, d})
				ff.edits = append(ff.edits, e)
			}
		}
	}
}

// overlaps reports whether two edits of one file cannot both be applied
// unambiguously: their ranges intersect, or both insert at one offset.
func overlaps(a, b Edit) bool {
	if a.Offset == a.End && b.Offset == b.End {
		return a.Offset == b.Offset && a.NewText != b.NewText
	}
	if a.Offset == a.End { // insertion strictly inside b
		return b.Offset < a.Offset && a.Offset < b.End
	}
	if b.Offset == b.End {
		return a.Offset < b.Offset && b.Offset < a.End
	}
	return a.Offset < b.End && b.Offset < a.End
}

func (p *fixPlan) file(name string) (*fileFix, error) {
	if ff, ok := p.files[name]; ok {
		return ff, nil
	}
	data, err := p.readFile(name)
	if err != nil {
		return nil, err
	}
	ff := &fileFix{name: name, orig: data}
	p.files[name] = ff
	return ff, nil
}

// content returns the fixed content of ff: the edits applied, and gofmt run
// over the result when the original file was gofmt-formatted. It fails if the
// result of fixing a Go file does not parse.
func (ff *fileFix) content() ([]byte, error) {
	edits := append([]Edit(nil), ff.edits...)
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Offset != edits[j].Offset {
			return edits[i].Offset < edits[j].Offset
		}
		// An insertion at the start of a replaced range goes first.
		return edits[i].End-edits[i].Offset < edits[j].End-edits[j].Offset
	})
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		buf.Write(ff.orig[last:e.Offset])
		buf.WriteString(e.NewText)
		last = e.End
	}
	buf.Write(ff.orig[last:])
	out := buf.Bytes()
	if filepath.Ext(ff.name) != ".go" {
		return out, nil
	}
	if _, err := parser.ParseFile(token.NewFileSet(), ff.name, out, parser.ParseComments); err != nil {
		return nil, fmt.Errorf("fixed %s would not parse (%v); left unchanged", ff.name, err)
	}
	if formatted, err := format.Source(ff.orig); err == nil && bytes.Equal(formatted, ff.orig) {
		if f2, err := format.Source(out); err == nil {
			out = f2
		}
	}
	return out, nil
}

func (p *fixPlan) sortedFiles() []*fileFix {
	var fs []*fileFix
	for _, ff := range p.files {
		if len(ff.edits) > 0 {
			fs = append(fs, ff)
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].name < fs[j].name })
	return fs
}

// fixOutcome is the result of applying a plan.
type fixOutcome struct {
	Written []string      // files rewritten
	Fixed   int           // diagnostics whose fix was applied in full
	Unfixed []*Diagnostic // accepted fixes that could not be written
	Errors  []error
}

// Apply writes the fixed files.
func (p *fixPlan) Apply() fixOutcome {
	var out fixOutcome
	failed := make(map[*Diagnostic]bool)
	for _, ff := range p.sortedFiles() {
		content, err := ff.content()
		if err == nil {
			err = p.writeAtomic(ff.name, content)
		}
		if err != nil {
			out.Errors = append(out.Errors, err)
			for _, d := range ff.diags {
				failed[d] = true
			}
			continue
		}
		out.Written = append(out.Written, ff.name)
	}
	seen := make(map[*Diagnostic]bool)
	for _, ff := range p.sortedFiles() {
		for _, d := range ff.diags {
			if seen[d] {
				continue
			}
			seen[d] = true
			if failed[d] {
				out.Unfixed = append(out.Unfixed, d)
			} else {
				out.Fixed++
			}
		}
	}
	return out
}

// writeAtomic replaces name with content: a temporary file in the same
// directory is written in full, given name's permissions, and renamed over
// name. On any failure name is untouched and the temporary file removed.
func (p *fixPlan) writeAtomic(name string, content []byte) (err error) {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".mapguard-*")
	if err != nil {
		return fmt.Errorf("writing fix for %s: %v", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("writing fix for %s: %v (file left unchanged)", name, err)
		}
	}()
	if _, err = tmp.Write(content); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(st.Mode().Perm()); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return p.rename(tmp.Name(), name)
}

// WriteDiff prints the fixes as a unified diff (paths relative to base,
// with git's a/ b/ prefixes) and returns the number of files that differ.
func (p *fixPlan) WriteDiff(w io.Writer, base string) (int, error) {
	n := 0
	for _, ff := range p.sortedFiles() {
		content, err := ff.content()
		if err != nil {
			return n, err
		}
		rel := relPath(base, ff.name)
		d := unifiedDiff("a/"+rel, "b/"+rel, ff.orig, content)
		if d == "" {
			continue
		}
		n++
		if _, err := io.WriteString(w, d); err != nil {
			return n, err
		}
	}
	return n, nil
}
