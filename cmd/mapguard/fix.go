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
	"slices"
	"sort"
	"strings"
)

type fixConflict struct {
	Diag   *Diagnostic
	Reason string
}

// A contrib is the part of one diagnostic's fix that edits one file.
type contrib struct {
	d     *Diagnostic
	edits []Edit // sorted by offset
}

type fileFix struct {
	name     string
	orig     []byte
	contribs []contrib
}

type fixPlan struct {
	files     map[string]*fileFix
	Conflicts []fixConflict
	readFile  func(string) ([]byte, error)
	rename    func(oldpath, newpath string) error // os.Rename; replaced in tests
}

// planFixes chooses the fixes to apply: the first fix of each diagnostic,
// greedily in order, skipping (and reporting) fixes that overlap an
// accepted one or that would leave a file that does not parse.
func planFixes(diags []*Diagnostic) *fixPlan {
	p := &fixPlan{files: make(map[string]*fileFix), readFile: os.ReadFile, rename: os.Rename}
	p.plan(diags)
	p.resolve()
	return p
}

func (p *fixPlan) plan(diags []*Diagnostic) {
	for _, d := range diags {
		if len(d.Fixes) == 0 {
			continue
		}
		// Normalise: group by file, drop exact duplicates within the fix.
		byFile := make(map[string][]Edit)
		var order []string
		for _, e := range d.Fixes[0].Edits {
			if _, ok := byFile[e.File]; !ok {
				order = append(order, e.File)
			}
			if !slices.Contains(byFile[e.File], e) {
				byFile[e.File] = append(byFile[e.File], e)
			}
		}
		reason := ""
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
				for _, c := range ff.contribs {
					for _, a := range c.edits {
						if a != e && overlaps(a, e) {
							reason = fmt.Sprintf("it overlaps the fix for %s:%d:%d (%s: %s)",
								filepath.Base(c.d.File), c.d.Line, c.d.Column, c.d.Check, c.d.Message)
							break files
						}
					}
				}
			}
		}
		if reason != "" {
			p.Conflicts = append(p.Conflicts, fixConflict{Diag: d, Reason: reason})
			continue
		}
		for _, name := range order {
			ff := p.files[name]
			ff.contribs = append(ff.contribs, contrib{d: d, edits: byFile[name]})
		}
	}
}

// resolve drops the fixes that would make a file unparsable: if the fixed
// file does not parse, fixes are re-applied one by one and those that break
// it are rejected (in every file they touch).
func (p *fixPlan) resolve() {
	rejected := make(map[*Diagnostic]string)
	for _, ff := range p.sortedFiles() {
		if _, err := ff.compose(ff.contribs); err == nil {
			continue
		}
		var kept []contrib
		for _, c := range ff.contribs {
			if _, err := ff.compose(append(kept, c)); err != nil {
				rejected[c.d] = fmt.Sprintf("together with the other fixes it would make %s invalid Go (%v)", filepath.Base(ff.name), err)
				continue
			}
			kept = append(kept, c)
		}
	}
	if len(rejected) == 0 {
		return
	}
	for _, ff := range p.files {
		ff.contribs = slices.DeleteFunc(ff.contribs, func(c contrib) bool { return rejected[c.d] != "" })
	}
	var ds []*Diagnostic
	for d := range rejected {
		ds = append(ds, d)
	}
	sortDiags(ds)
	for _, d := range ds {
		p.Conflicts = append(p.Conflicts, fixConflict{Diag: d, Reason: rejected[d]})
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

// compose returns the content of ff with the edits of contribs applied
// (identical edits once), gofmt-formatted when the original file was. It
// fails if a fixed Go file does not parse.
func (ff *fileFix) compose(contribs []contrib) ([]byte, error) {
	var edits []Edit
	for _, c := range contribs {
		for _, e := range c.edits {
			if !slices.Contains(edits, e) {
				edits = append(edits, e)
			}
		}
	}
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].Offset != edits[j].Offset {
			return edits[i].Offset < edits[j].Offset
		}
		// An insertion at the start of a replaced range goes first.
		return edits[i].End-edits[i].Offset < edits[j].End-edits[j].Offset
	})
	// A file with CRLF line endings keeps them: inserted lines get CRLF too.
	crlf := usesCRLF(ff.orig)
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		buf.Write(ff.orig[last:e.Offset])
		if crlf {
			buf.WriteString(toCRLF(e.NewText))
		} else {
			buf.WriteString(e.NewText)
		}
		last = e.End
	}
	buf.Write(ff.orig[last:])
	out := buf.Bytes()
	if filepath.Ext(ff.name) != ".go" {
		return out, nil
	}
	if _, err := parser.ParseFile(token.NewFileSet(), ff.name, out, parser.SkipObjectResolution); err != nil {
		return nil, err
	}
	if formatted, err := format.Source(ff.orig); err == nil && bytes.Equal(formatted, ff.orig) {
		if f2, err := format.Source(out); err == nil {
			out = f2
		}
	}
	return out, nil
}

// usesCRLF reports whether src's first line ends with CRLF.
func usesCRLF(src []byte) bool {
	i := bytes.IndexByte(src, '\n')
	return i > 0 && src[i-1] == '\r'
}

// toCRLF turns each LF of s not already preceded by CR into CRLF.
func toCRLF(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' && (i == 0 || s[i-1] != '\r') {
			b.WriteByte('\r')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (ff *fileFix) content() ([]byte, error) {
	out, err := ff.compose(ff.contribs)
	if err != nil {
		return nil, fmt.Errorf("fixed %s would not parse (%v); left unchanged", ff.name, err)
	}
	return out, nil
}

func (p *fixPlan) sortedFiles() []*fileFix {
	var fs []*fileFix
	for _, ff := range p.files {
		if len(ff.contribs) > 0 {
			fs = append(fs, ff)
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].name < fs[j].name })
	return fs
}

// fixOutcome is the result of applying (or diffing) a plan.
type fixOutcome struct {
	Written []string      // files rewritten (or, for a diff, that differ)
	Fixed   int           // diagnostics whose fix was applied in full
	Unfixed []*Diagnostic // accepted fixes that could not be written
	Errors  []error
}

// Apply writes the fixed files.
func (p *fixPlan) Apply() fixOutcome {
	return p.each(func(ff *fileFix, content []byte) error {
		return p.writeAtomic(ff.name, content)
	})
}

// each computes the fixed content of each file and passes it to do.
func (p *fixPlan) each(do func(ff *fileFix, content []byte) error) fixOutcome {
	var out fixOutcome
	failed := make(map[*Diagnostic]bool)
	files := p.sortedFiles()
	for _, ff := range files {
		content, err := ff.content()
		if err == nil {
			err = do(ff, content)
		}
		if err != nil {
			out.Errors = append(out.Errors, err)
			for _, c := range ff.contribs {
				failed[c.d] = true
			}
			continue
		}
		out.Written = append(out.Written, ff.name)
	}
	seen := make(map[*Diagnostic]bool)
	for _, ff := range files {
		for _, c := range ff.contribs {
			if seen[c.d] {
				continue
			}
			seen[c.d] = true
			if failed[c.d] {
				out.Unfixed = append(out.Unfixed, c.d)
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
	// A symlinked source file: replace its target, keep the link.
	if real, lerr := filepath.EvalSymlinks(name); lerr == nil {
		name = real
	}
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
// with git's a/ b/ prefixes) instead of writing them.
func (p *fixPlan) WriteDiff(w io.Writer, base string) fixOutcome {
	return p.each(func(ff *fileFix, content []byte) error {
		rel := relPath(base, ff.name)
		_, err := io.WriteString(w, unifiedDiff("a/"+rel, "b/"+rel, ff.orig, content))
		return err
	})
}
