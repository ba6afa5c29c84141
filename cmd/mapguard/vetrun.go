package main

// This file runs go vet with mapguard as the vet tool and converts its
// output into a Report.
//
// What go vet (Go 1.26, src/cmd/go/internal/vet) emits with -json:
//
//   - stdout: for each analysed package, one JSON object (written by
//     unitchecker through the go command, which caches it with the vet
//     result), of the shape x/tools' driverutil.JSONTree prints:
//
//     {"<package ID>": {"<analyzer>": [<diagnostic>...] | {"error": "..."}}}
//
//     where a diagnostic is {"category", "posn": "file:line:col", "end",
//     "message", "suggested_fixes": [{"message", "edits": [{"filename",
//     "start", "end", "new"}]}], "related": [{"posn", "end", "message"}]}
//     with absolute file names and byte offsets into the original file.
//
//   - stderr: packages that fail to type-check, as "# <import path>" followed
//     by the tool's error lines (file names relative to the go command's
//     directory); packages depending on them are skipped silently. A package
//     that fails to load (syntax error, missing import) makes go vet stop
//     before analysing anything, with the errors on stderr; we then ask
//     go list which packages are broken and re-run vet on the others.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A Report is the outcome of a run: diagnostics and package errors.
type Report struct {
	Diagnostics []*Diagnostic
	Errors      []*PackageError
	Notes       string // stderr of a successful go vet, passed on to the user
}

// A Diagnostic is one finding. File names are absolute; lines and columns
// are 1-based, columns count bytes (as go/token does); 0 means unknown.
type Diagnostic struct {
	Check     string
	Package   string
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	Message   string
	URL       string
	Related   []Related
	Fixes     []Fix
}

// Related is a secondary location explaining a diagnostic.
type Related struct {
	File    string
	Line    int
	Column  int
	Message string
}

// A Fix is a suggested fix: edits to apply all together or not at all.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Offset, End) of File with NewText.
type Edit struct {
	File    string
	Offset  int
	End     int
	NewText string
}

// A PackageError is a package that could not be loaded, type-checked or
// analysed. Package is an import path, or "" for errors of the go command
// not attributable to one package.
type PackageError struct {
	Package string
	Message string
}

// vetInvocation describes one run of go vet.
type vetInvocation struct {
	goCmd    string   // the go command
	self     string   // absolute path of the vet tool (this executable)
	dir      string   // directory to run in ("" = current)
	build    []string // build flags (-tags=..., -mod=...)
	tool     []string // tool flags (-nilmap=false, -check.flag=v)
	patterns []string
	env      []string // extra environment, for tests
}

func (v *vetInvocation) args(patterns []string) []string {
	args := []string{"vet", "-vettool=" + v.self}
	args = append(args, v.build...)
	args = append(args, "-json")
	args = append(args, v.tool...)
	if len(patterns) > 0 {
		args = append(args, "--")
	}
	return append(args, patterns...)
}

// run runs go vet and returns the report. An error means go vet could not
// be run at all (or its output could not be understood).
func (v *vetInvocation) run() (*Report, error) {
	rep, loadFailed, err := v.runOnce(v.patterns)
	if err != nil {
		return nil, err
	}
	if !loadFailed {
		if len(rep.Errors) > 0 {
			v.addSkipped(rep)
		}
		return rep, nil
	}
	// go vet refused to analyse anything because some packages failed to
	// load. Find them and analyse the others.
	healthy, broken, lerr := v.listPackages()
	if lerr != nil {
		return rep, nil // keep go vet's own error messages
	}
	if len(broken) == 0 {
		return rep, nil
	}
	rep2 := &Report{Errors: broken}
	if len(healthy) > 0 {
		r, _, err := v.runOnce(healthy)
		if err != nil {
			return nil, err
		}
		rep2.Diagnostics = r.Diagnostics
		rep2.Notes = r.Notes
		rep2.Errors = append(rep2.Errors, r.Errors...)
		if len(r.Errors) > 0 {
			v.addSkipped(rep2)
		}
	}
	return rep2, nil
}

// addSkipped adds an error for each requested package that go vet skipped
// silently because a package it depends on (or its tests depend on) failed
// to type-check. Only runs when something failed.
func (v *vetInvocation) addSkipped(rep *Report) {
	failed := make(map[string]bool)
	for _, e := range rep.Errors {
		if e.Package != "" {
			failed[e.Package] = true
		}
	}
	if len(failed) == 0 {
		return
	}
	out, err := v.goList("-f", "{{.ImportPath}}\t{{join .Deps \" \"}}")
	if err != nil {
		return
	}
	skipped := make(map[string][]string)
	var order []string
	for _, line := range strings.Split(string(out), "\n") {
		id, deps, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		pkg := packageOfID(id)
		if failed[pkg] || strings.HasSuffix(pkg, ".test") {
			continue
		}
		for _, d := range strings.Fields(deps) {
			d = packageOfID(d)
			if failed[d] && !slices.Contains(skipped[pkg], d) {
				if skipped[pkg] == nil {
					order = append(order, pkg)
				}
				skipped[pkg] = append(skipped[pkg], d)
			}
		}
	}
	for _, pkg := range order {
		rep.Errors = append(rep.Errors, &PackageError{Package: pkg,
			Message: "not analysed: it depends on " + strings.Join(skipped[pkg], ", ") + ", which failed"})
	}
}

// runOnce runs go vet once. loadFailed reports whether go vet stopped before
// analysing because of package loading errors.
func (v *vetInvocation) runOnce(patterns []string) (rep *Report, loadFailed bool, err error) {
	cmd := exec.Command(v.goCmd, v.args(patterns)...)
	cmd.Dir = v.dir
	cmd.Env = append(os.Environ(), v.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return nil, false, fmt.Errorf("running %s: %v", v.goCmd, runErr)
	}
	rep = new(Report)
	if err := parseVetJSON(&stdout, rep); err != nil {
		return nil, false, fmt.Errorf("reading go vet output: %v\n%s", err, stderr.Bytes())
	}
	sections := parseVetStderr(stderr.String())
	if runErr == nil {
		// Success: whatever reached stderr is informational
		// ("go: downloading ..."); pass it on.
		rep.Notes = stderr.String()
	} else {
		for _, s := range sections {
			rep.Errors = append(rep.Errors, &PackageError{Package: s.pkg, Message: s.text})
		}
	}
	if runErr != nil && len(rep.Errors) == 0 {
		rep.Errors = append(rep.Errors, &PackageError{Message: "go vet failed: " + runErr.Error()})
	}
	// go vet analyses nothing when loading fails: the errors then come
	// without a "# pkg" header and nothing reached stdout.
	loadFailed = runErr != nil && stdout.Len() == 0 && len(sections) > 0 && sections[0].pkg == ""
	return rep, loadFailed, nil
}

type stderrSection struct {
	pkg  string
	text string
}

// parseVetStderr splits go vet's stderr into "# pkg" sections. Text before
// the first header belongs to a section with pkg "".
func parseVetStderr(s string) []stderrSection {
	var out []stderrSection
	cur := stderrSection{}
	var lines []string
	flush := func() {
		cur.text = strings.TrimRight(strings.Join(lines, "\n"), "\n")
		if cur.pkg != "" || cur.text != "" {
			out = append(out, cur)
		}
		lines = nil
	}
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			// "# pkg", "# pkg [pkg.test]", or a test variant's
			// "[pkg.test]" on a line of its own after "# pkg".
			if strings.HasPrefix(rest, "[") && strings.HasSuffix(rest, "]") && cur.pkg != "" && len(lines) == 0 {
				continue
			}
			if f := strings.Fields(rest); len(f) == 1 || len(f) == 2 && strings.HasPrefix(f[1], "[") {
				flush()
				cur = stderrSection{pkg: f[0]}
				continue
			}
		}
		lines = append(lines, line)
	}
	flush()
	return out
}

// goList runs go list -e -test with the invocation's build flags, directory
// and environment over its patterns, and returns its standard output.
func (v *vetInvocation) goList(format ...string) ([]byte, error) {
	args := append([]string{"list", "-e", "-test"}, format...)
	args = append(args, v.build...)
	args = append(args, "--")
	args = append(args, v.patterns...)
	cmd := exec.Command(v.goCmd, args...)
	cmd.Dir = v.dir
	cmd.Env = append(os.Environ(), v.env...)
	return cmd.Output()
}

// listPackages asks go list which of v.patterns' packages (and their test
// variants) fail to load. healthy are the import paths of the others. go vet
// always loads a package with its tests, so a package whose test variant
// ("p [p.test]", or the external "p_test [p.test]") fails to load is broken
// too, reported under its own import path.
func (v *vetInvocation) listPackages() (healthy []string, broken []*PackageError, err error) {
	out, err := v.goList("-json=ImportPath,ForTest,Error,DepsErrors")
	if err != nil {
		return nil, nil, err
	}
	type perr struct{ Err string }
	var order []string
	msgs := make(map[string][]string)
	seen := make(map[string]bool)
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			ForTest    string
			Error      *perr
			DepsErrors []*perr
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		base := p.ImportPath
		switch {
		case p.ForTest != "":
			base = p.ForTest // "p [p.test]", "p_test [p.test]"
		case strings.HasSuffix(p.ImportPath, ".test"):
			continue // the generated test main: not the user's package
		}
		if !seen[base] {
			seen[base] = true
			order = append(order, base)
		}
		var errs []string
		if p.Error != nil {
			errs = append(errs, strings.TrimSpace(p.Error.Err))
		} else {
			for _, e := range p.DepsErrors {
				errs = append(errs, strings.TrimSpace(e.Err))
			}
		}
		for _, e := range errs {
			if !slices.Contains(msgs[base], e) {
				msgs[base] = append(msgs[base], e)
			}
		}
	}
	for _, pkg := range order {
		if len(msgs[pkg]) > 0 {
			broken = append(broken, &PackageError{Package: pkg, Message: strings.Join(msgs[pkg], "\n")})
		} else {
			healthy = append(healthy, pkg)
		}
	}
	return healthy, broken, nil
}

// -- vet JSON --

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonDiagnostic struct {
	Category       string        `json:"category"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes"`
	Related        []jsonRelated `json:"related"`
}

// parseVetJSON decodes the stream of JSON trees go vet -json prints and
// adds their diagnostics and analyzer errors to rep.
func parseVetJSON(r io.Reader, rep *Report) error {
	dec := json.NewDecoder(r)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		ids := make([]string, 0, len(tree))
		for id := range tree {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			pkg := packageOfID(id)
			for check, raw := range tree[id] {
				raw = bytes.TrimSpace(raw)
				if len(raw) > 0 && raw[0] == '{' {
					var e struct {
						Err string `json:"error"`
					}
					if err := json.Unmarshal(raw, &e); err != nil {
						return err
					}
					rep.Errors = append(rep.Errors, &PackageError{Package: pkg, Message: check + ": " + e.Err})
					continue
				}
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return err
				}
				for _, jd := range diags {
					rep.Diagnostics = append(rep.Diagnostics, convertDiagnostic(pkg, check, jd))
				}
			}
		}
	}
}

// packageOfID returns the import path of a vet package ID such as
// "fmt [fmt.test]".
func packageOfID(id string) string {
	if i := strings.IndexByte(id, ' '); i >= 0 {
		return id[:i]
	}
	return id
}

func convertDiagnostic(pkg, check string, jd jsonDiagnostic) *Diagnostic {
	d := &Diagnostic{Check: check, Package: pkg, Message: jd.Message}
	d.File, d.Line, d.Column = parsePosn(jd.Posn)
	if f, l, c := parsePosn(jd.End); f == d.File && l > 0 {
		d.EndLine, d.EndColumn = l, c
	} else {
		d.EndLine, d.EndColumn = d.Line, d.Column
	}
	if a := suiteAnalyzer(check); a != nil {
		d.URL = a.URL
	}
	for _, r := range jd.Related {
		f, l, c := parsePosn(r.Posn)
		d.Related = append(d.Related, Related{File: f, Line: l, Column: c, Message: r.Message})
	}
	for _, f := range jd.SuggestedFixes {
		fix := Fix{Message: f.Message}
		for _, e := range f.Edits {
			fix.Edits = append(fix.Edits, Edit{File: e.Filename, Offset: e.Start, End: e.End, NewText: e.New})
		}
		d.Fixes = append(d.Fixes, fix)
	}
	return d
}

// parsePosn parses a token.Position string: "file:line:col", "file:line",
// "file" or "-".
func parsePosn(s string) (file string, line, col int) {
	if s == "-" || s == "" {
		return "", 0, 0
	}
	rest := s
	nums := []int{}
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	switch len(nums) {
	case 2:
		return rest, nums[1], nums[0]
	case 1:
		return rest, nums[0], 0
	}
	return s, 0, 0
}

// sortReport orders diagnostics by position and removes exact duplicates.
func sortReport(rep *Report) {
	sort.SliceStable(rep.Diagnostics, func(i, j int) bool {
		a, b := rep.Diagnostics[i], rep.Diagnostics[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Message < b.Message
	})
	out := rep.Diagnostics[:0]
	for i, d := range rep.Diagnostics {
		if i > 0 {
			p := out[len(out)-1]
			if p.File == d.File && p.Line == d.Line && p.Column == d.Column && p.Check == d.Check && p.Message == d.Message {
				continue
			}
		}
		out = append(out, d)
	}
	rep.Diagnostics = out
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Package < rep.Errors[j].Package })
}

// relPath returns file relative to base when file is inside base, else
// file unchanged. Slashes are forward.
func relPath(base, file string) string {
	if file == "" || base == "" || !filepath.IsAbs(file) {
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(base, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}
