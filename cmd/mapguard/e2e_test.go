package main

// End-to-end tests: the mapguard binary, built once in TestMain, run on the
// fixture modules under testdata/ (each its own module, no dependencies),
// copied to a temporary directory first.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/passes"
)

var mapguardBin string // absolute path of the binary under test

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "mapguard-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	mapguardBin = filepath.Join(dir, "mapguard")
	cmd := exec.Command("go", "build", "-o", mapguardBin, ".")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building mapguard:", err)
		return 2
	}
	return m.Run()
}

// fixture copies testdata/<name> to a temporary directory and returns it.
func fixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", name)
	dst := filepath.Join(t.TempDir(), name)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs name with args in dir.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		code = ee.ExitCode()
	}
	return result{stdout.String(), stderr.String(), code}
}

func mapguard(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return run(t, dir, mapguardBin, args...)
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestText(t *testing.T) {
	dir := fixture(t, "basic")
	r := mapguard(t, dir) // default ./...
	if r.code != exitFindings {
		t.Fatalf("want exit %d, got %s", exitFindings, r)
	}
	got := lines(r.stdout)
	want := []string{
		"nilbug/nilbug.go:8:3: assignment to nil map (nilmap)",
		"nilbug/nilbug_test.go:7:2: assignment to nil map (nilmap)", // tests included, as in go vet
		"withcgo/withcgo.go:12:2: assignment to nil map (nilmap)",   // a cgo file: positions in the user's file
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %q in output:\n%s", w, r.stdout)
		}
	}
	// The directive without a reason is reported by the directive audit;
	// the finding it covers stays silent; the reasoned one is silent too.
	re := regexp.MustCompile(`^ignored/ignored\.go:13:2: .*reason.* \(directive\)$`)
	if !slices.ContainsFunc(got, re.MatchString) {
		t.Errorf("no directive report for the reasonless ignore in:\n%s", r.stdout)
	}
	for _, l := range got {
		if !regexp.MustCompile(`^[^\s:]+\.go:\d+:\d+: .+ \([a-z]+\)$`).MatchString(l) {
			t.Errorf("line not in file:line:col: message (check) form: %q", l)
		}
		for _, silent := range []string{"ignored/ignored.go:7:", "ignored/ignored.go:14:", "gen/", "tagged/", "clean/"} {
			if strings.HasPrefix(l, silent) {
				t.Errorf("unexpected diagnostic (suppressed, generated, untagged or clean code): %q", l)
			}
		}
	}
	if r.stderr != "" {
		t.Errorf("unexpected stderr:\n%s", r.stderr)
	}
}

func TestTestFlagAndTags(t *testing.T) {
	dir := fixture(t, "basic")
	r := mapguard(t, dir, "-test=false", "./nilbug")
	if got := lines(r.stdout); len(got) != 1 || got[0] != "nilbug/nilbug.go:8:3: assignment to nil map (nilmap)" {
		t.Errorf("-test=false: want only the non-test finding, got %s", r)
	}
	r = mapguard(t, dir, "./tagged")
	if r.code != exitClean || r.stdout != "" {
		t.Errorf("without -tags: want a clean run, got %s", r)
	}
	r = mapguard(t, dir, "-tags=special", "./tagged")
	if r.code != exitFindings || !strings.Contains(r.stdout, "tagged/tagged.go:9:2: assignment to nil map (nilmap)") {
		t.Errorf("-tags=special: want the tagged finding, got %s", r)
	}
	// Disabling the check silences it.
	r = mapguard(t, dir, "-nilmap=false", "./nilbug")
	if r.code != exitClean || strings.Contains(r.stdout, "nilmap") {
		t.Errorf("-nilmap=false: want a clean run, got %s", r)
	}
}

func TestDirFlag(t *testing.T) {
	dir := fixture(t, "basic")
	r := mapguard(t, filepath.Dir(dir), "-C", "basic", "./nilbug")
	if !strings.Contains(r.stdout, "\nnilbug/nilbug.go:8:3:") && !strings.HasPrefix(r.stdout, "nilbug/nilbug.go:8:3:") {
		t.Errorf("-C: want paths relative to the -C directory, got %s", r)
	}
}

// jsonSchema mirrors the documented -format=json schema exactly; decoding
// with DisallowUnknownFields pins it.
type jsonSchema struct {
	Diagnostics []struct {
		Check     string `json:"check"`
		File      string `json:"file"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
		Message   string `json:"message"`
		URL       string `json:"url"`
		Related   []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
			Message string `json:"message"`
		} `json:"related"`
		Fixes []struct {
			Message string `json:"message"`
			Edits   []struct {
				File    string `json:"file"`
				Offset  int    `json:"offset"`
				End     int    `json:"end"`
				NewText string `json:"new_text"`
			} `json:"edits"`
		} `json:"fixes"`
	} `json:"diagnostics"`
	Errors []struct {
		Package string `json:"package"`
		Message string `json:"message"`
	} `json:"errors"`
}

func decodeJSON(t *testing.T, s string) jsonSchema {
	t.Helper()
	var v jsonSchema
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("output does not match the JSON schema: %v\n%s", err, s)
	}
	return v
}

func TestJSON(t *testing.T) {
	dir := fixture(t, "basic")
	r := mapguard(t, dir, "-format=json", "./nilbug", "./clean")
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	v := decodeJSON(t, r.stdout)
	if len(v.Diagnostics) != 2 {
		t.Fatalf("want 2 diagnostics, got %s", r.stdout)
	}
	d := v.Diagnostics[0]
	if d.Check != "nilmap" || d.File != "nilbug/nilbug.go" || d.Line != 8 || d.Column != 3 ||
		d.EndLine != 8 || d.EndColumn <= d.Column || d.Message != "assignment to nil map" ||
		d.URL != passes.Lookup("nilmap").URL {
		t.Errorf("unexpected first diagnostic %+v", d)
	}
	// Empty lists are [] (never null), for parsers in other languages.
	for _, key := range []string{`"related": []`, `"fixes": []`, `"errors": []`} {
		if !strings.Contains(r.stdout, key) {
			t.Errorf("output lacks %s:\n%s", key, r.stdout)
		}
	}
	// -json is an alias.
	if r2 := mapguard(t, dir, "-json", "./nilbug", "./clean"); r2.stdout != r.stdout {
		t.Errorf("-json differs from -format=json:\n%s\nvs\n%s", r2.stdout, r.stdout)
	}
	// A clean run is still a complete document.
	r = mapguard(t, dir, "-format=json", "./clean")
	if r.code != exitClean || strings.TrimSpace(r.stdout) != "{\n  \"diagnostics\": [],\n  \"errors\": []\n}" {
		t.Errorf("clean JSON run: %s", r)
	}
}

func TestSARIF(t *testing.T) {
	dir := fixture(t, "basic")
	r := mapguard(t, dir, "-format=sarif")
	if r.code != exitFindings {
		t.Fatalf("want exit 1, got %s", r)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("SARIF does not parse: %v", err)
	}
	results := validateSARIF(t, log, dir)
	if len(results) < 4 {
		t.Errorf("want at least 4 results, got %d", len(results))
	}
	var sawNilmap bool
	for _, res := range results {
		if res["ruleId"] == "nilmap" {
			sawNilmap = true
		}
	}
	if !sawNilmap {
		t.Errorf("no nilmap result")
	}
}

func TestExitCodes(t *testing.T) {
	basic := fixture(t, "basic")
	for _, tc := range []struct {
		name string
		dir  string
		args []string
		want int
	}{
		{"clean", basic, []string{"./clean", "./gen"}, exitClean},
		{"findings", basic, []string{"./nilbug"}, exitFindings},
		{"bad flag", basic, []string{"-nosuchflag"}, exitUsage},
		{"bad format", basic, []string{"-format=xml"}, exitUsage},
		{"no such package", basic, []string{"./nosuchdir"}, exitErrors},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := mapguard(t, tc.dir, tc.args...); r.code != tc.want {
				t.Errorf("want exit %d, got %s", tc.want, r)
			}
		})
	}
}

// A package that does not type-check: clear error, exit 3, the healthy
// packages are still analysed and the packages depending on the broken one
// are named.
func TestTypeErrors(t *testing.T) {
	dir := fixture(t, "broken")
	r := mapguard(t, dir)
	if r.code != exitErrors {
		t.Fatalf("want exit %d, got %s", exitErrors, r)
	}
	if !strings.Contains(r.stdout, "good/good.go:7:2: assignment to nil map (nilmap)") {
		t.Errorf("healthy package not analysed: %s", r)
	}
	for _, want := range []string{
		"could not be analysed",
		"example.com/broken/bad",
		`bad/bad.go:5:23: cannot use "one"`,
		"example.com/broken/user",
		"depends on example.com/broken/bad",
		"example.com/broken/testbad", // a test file that does not type-check
		"testbad/testbad_test.go:6:17",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, r)
		}
	}
	if strings.Contains(r.stderr, "panic") {
		t.Errorf("panic: %s", r)
	}
	// In JSON the errors are part of the document.
	r = mapguard(t, dir, "-format=json")
	v := decodeJSON(t, r.stdout)
	if r.code != exitErrors || len(v.Diagnostics) != 1 || len(v.Errors) != 3 || v.Errors[0].Package != "example.com/broken/bad" {
		t.Errorf("JSON with type errors: %s", r)
	}
}

// A package that does not even parse makes go vet refuse the whole run;
// mapguard still analyses the others.
func TestLoadErrors(t *testing.T) {
	dir := fixture(t, "loaderr")
	r := mapguard(t, dir)
	if r.code != exitErrors {
		t.Fatalf("want exit %d, got %s", exitErrors, r)
	}
	if !strings.Contains(r.stdout, "good/good.go:7:2: assignment to nil map (nilmap)") {
		t.Errorf("healthy package not analysed: %s", r)
	}
	if !strings.Contains(r.stderr, "example.com/loaderr/syntax") || !strings.Contains(r.stderr, "syntax.go:4") {
		t.Errorf("stderr does not name the broken package: %s", r)
	}
	// A package whose test file alone fails to load is named, under its
	// own import path, in every format (JSON errors carry the package).
	if !strings.Contains(r.stderr, "example.com/loaderr/testonly") || !strings.Contains(r.stderr, "nosuchmodule") {
		t.Errorf("stderr does not name the package whose test fails to load: %s", r)
	}
	r = mapguard(t, dir, "-format=json")
	var out struct {
		Errors []struct{ Package, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range out.Errors {
		if e.Package == "" {
			t.Errorf("JSON error without a package: %q", e.Message)
		}
		names[e.Package] = true
	}
	if !names["example.com/loaderr/syntax"] || !names["example.com/loaderr/testonly"] || len(out.Errors) != 2 {
		t.Errorf("JSON errors %+v, want one for syntax and one for testonly", out.Errors)
	}
	r = mapguard(t, dir, "-format=sarif")
	var log map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, log, dir)
	inv := log["runs"].([]any)[0].(map[string]any)["invocations"].([]any)[0].(map[string]any)
	if inv["executionSuccessful"] != false || len(inv["toolExecutionNotifications"].([]any)) == 0 {
		t.Errorf("SARIF invocation does not record the failure: %v", inv)
	}
}

// go vet -vettool and mapguard vet: the unitchecker protocol.
func TestVetTool(t *testing.T) {
	dir := fixture(t, "basic")
	for _, args := range [][]string{
		{"go", "vet", "-vettool=" + mapguardBin, "./nilbug"},
		{mapguardBin, "vet", "./nilbug"},
	} {
		r := run(t, dir, args[0], args[1:]...)
		if r.code == 0 || !strings.Contains(r.stderr, "nilbug/nilbug.go:8:3: assignment to nil map") {
			t.Errorf("%v: want the nilmap finding, got %s", args, r)
		}
	}
	// Analyzer flags reach the tool.
	r := run(t, dir, "go", "vet", "-vettool="+mapguardBin, "-nilmap=false", "./nilbug")
	if r.code != 0 {
		t.Errorf("go vet -nilmap=false: want a clean run, got %s", r)
	}
	// The handshake: -V=full names the binary's content hash (vet's cache
	// key), -flags describes every check's enable flag.
	r = mapguard(t, dir, "-V=full")
	if !regexp.MustCompile(`^\S+ version devel .* buildID=[0-9a-f]{64}\n$`).MatchString(r.stdout) {
		t.Errorf("-V=full: %s", r)
	}
	r = mapguard(t, dir, "-flags")
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags: %v\n%s", err, r)
	}
	for _, name := range passes.Names() {
		if !slices.ContainsFunc(flags, func(f struct{ Name string }) bool { return f.Name == name }) {
			t.Errorf("-flags lacks -%s", name)
		}
	}
}

// go fix -fixtool drives the tool with -fix; with no fixable finding it
// changes nothing and succeeds.
func TestGoFixTool(t *testing.T) {
	dir := fixture(t, "basic")
	before := snapshot(t, dir)
	r := run(t, dir, "go", "fix", "-fixtool="+mapguardBin, "./...")
	if r.code != 0 {
		t.Fatalf("go fix -fixtool: %s", r)
	}
	if after := snapshot(t, dir); !mapsEqual(before, after) {
		t.Errorf("go fix changed files without fixable findings")
	}
}

func TestHelpAndVersion(t *testing.T) {
	dir := t.TempDir()
	r := mapguard(t, dir, "help")
	if r.code != 0 {
		t.Fatalf("help: %s", r)
	}
	for _, a := range passes.Analyzers() {
		if !strings.Contains(r.stdout, "  "+a.Name+" ") {
			t.Errorf("help does not list %s: %s", a.Name, r.stdout)
		}
	}
	r = mapguard(t, dir, "help", "nilmap")
	a := passes.Lookup("nilmap")
	if r.code != 0 || !strings.Contains(r.stdout, strings.TrimSpace(a.Doc)) || !strings.Contains(r.stdout, a.URL) {
		t.Errorf("help nilmap: want the Doc and URL, got %s", r)
	}
	if r = mapguard(t, dir, "help", "nosuchcheck"); r.code != exitUsage || !strings.Contains(r.stderr, "nosuchcheck") {
		t.Errorf("help nosuchcheck: %s", r)
	}
	r = mapguard(t, dir, "-version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "mapguard ") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("-version: %s", r)
	}
}

// TestFix runs -diff, -fix and go fix -fixtool on a fixture that a check
// with suggested fixes reports (mapalias: a value receiver mutating the
// caller's map). It is skipped, saying so, only if no registered check
// offers a fix there.
func TestFix(t *testing.T) {
	dir := fixture(t, "fixable")
	r := mapguard(t, dir, "-format=json")
	v := decodeJSON(t, r.stdout)
	nfix := 0
	for _, d := range v.Diagnostics {
		if len(d.Fixes) > 0 {
			nfix++
		}
	}
	if nfix == 0 {
		t.Skipf("no registered check (of %v) offers a fix on testdata/fixable; the -fix/-diff end-to-end test needs one (mapalias). Output:\n%s", passes.Names(), r.stdout)
	}
	// Text shows the related information indented; SARIF carries the fixes.
	r = mapguard(t, dir)
	if !regexp.MustCompile(`(?m)^\topts/opts\.go:\d+:\d+: \S`).MatchString(r.stdout) {
		t.Errorf("no indented related information in text output: %s", r)
	}
	r = mapguard(t, dir, "-format=sarif")
	var log map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	results := validateSARIF(t, log, dir)
	if !slices.ContainsFunc(results, func(res map[string]any) bool { return res["fixes"] != nil && res["relatedLocations"] != nil }) {
		t.Errorf("no SARIF result with fixes and related locations: %s", r.stdout)
	}

	file := filepath.Join(dir, "opts", "opts.go")
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)

	// -diff: a patch on stdout, exit 1, nothing written.
	r = mapguard(t, dir, "-diff")
	if r.code != exitFindings || !strings.HasPrefix(r.stdout, "--- a/opts/opts.go\n+++ b/opts/opts.go\n@@ ") {
		t.Errorf("-diff: %s", r)
	}
	if !mapsEqual(before, snapshot(t, dir)) {
		t.Fatalf("-diff modified files")
	}
	patch := r.stdout

	// -fix: written atomically (mode kept, no temporary left), valid Go,
	// builds, and a second run finds nothing left to fix.
	r = mapguard(t, dir, "-fix")
	if !strings.Contains(r.stderr, "applied") {
		t.Errorf("-fix: %s", r)
	}
	after := snapshot(t, dir)
	if mapsEqual(before, after) {
		t.Fatalf("-fix changed nothing: %s", r)
	}
	if len(after) != len(before) {
		t.Errorf("-fix left extra files: %v", keys(after))
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("-fix did not keep the file mode: %v %v", st.Mode(), err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), file, nil, 0); err != nil {
		t.Errorf("fixed file does not parse: %v", err)
	}
	if b := run(t, dir, "go", "build", "./..."); b.code != 0 {
		t.Errorf("fixed module does not build: %s\n%s", b, after["opts/opts.go"])
	}
	// The diff we printed is the change we made.
	if _, err := exec.LookPath("git"); err == nil {
		dir3 := fixture(t, "fixable")
		writeFile(t, filepath.Join(dir3, "fix.patch"), patch)
		if g := run(t, dir3, "git", "apply", "fix.patch"); g.code != 0 {
			t.Errorf("git apply of the -diff output: %s", g)
		} else if got := snapshot(t, dir3)["opts/opts.go"]; got != after["opts/opts.go"] {
			t.Errorf("-diff and -fix disagree:\n%s\nvs\n%s", got, after["opts/opts.go"])
		}
	}
	r2 := mapguard(t, dir, "-format=json")
	for _, d := range decodeJSON(t, r2.stdout).Diagnostics {
		if len(d.Fixes) > 0 {
			t.Errorf("after -fix, still fixable: %+v", d)
		}
	}
	// Identical edits from two fixes (the same import) are coalesced.
	if n := strings.Count(after["opts/opts.go"], `"maps"`); n > 1 {
		t.Errorf("import added %d times:\n%s", n, after["opts/opts.go"])
	}

	// go fix -fixtool applies the same fixes through the go command.
	dir2 := fixture(t, "fixable")
	if r := run(t, dir2, "go", "fix", "-fixtool="+mapguardBin, "./..."); r.code != 0 {
		t.Fatalf("go fix -fixtool: %s", r)
	}
	if b := run(t, dir2, "go", "build", "./..."); b.code != 0 {
		t.Errorf("go fix result does not build: %s", b)
	}
	if mapsEqual(before, snapshot(t, dir2)) {
		t.Errorf("go fix -fixtool changed nothing")
	}
}

// snapshot returns the contents of the files under dir, by relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := make(map[string]string)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		m[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Vet's result cache: a repeated run does not invoke the tool again for an
// unchanged package, and a different mapguard binary (a rebuild: its -V=full
// ID is the hash of its content) does.
func TestVetCache(t *testing.T) {
	dir := fixture(t, "basic")
	cfgRun := regexp.MustCompile(`(?m)^.*mapguard.* \S*vet\.cfg$`)
	vetx := func(bin string) result {
		t.Helper()
		// ./ignored imports nothing: only its own analysis is at stake.
		return run(t, dir, "go", "vet", "-x", "-vettool="+bin, "./ignored")
	}
	if r := vetx(mapguardBin); !cfgRun.MatchString(r.stderr) {
		t.Fatalf("first run did not invoke the tool: %s", r)
	}
	r := vetx(mapguardBin)
	if cfgRun.MatchString(r.stderr) {
		t.Errorf("second run on an unchanged package invoked the tool again:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "ignored/ignored.go:13:2") {
		t.Errorf("cached run lost the diagnostics: %s", r)
	}
	// A "rebuilt" binary: same program, different content.
	data, err := os.ReadFile(mapguardBin)
	if err != nil {
		t.Fatal(err)
	}
	rebuilt := filepath.Join(t.TempDir(), "mapguard")
	if err := os.WriteFile(rebuilt, append(data, "rebuilt"...), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := vetx(rebuilt); !cfgRun.MatchString(r.stderr) {
		t.Errorf("a different binary reused the old binary's cached results: %s", r)
	}
}

// Facts cross package boundaries: keys.Remember's parameter becomes a map
// key, which only a fact exported while analysing keys (a dependency,
// analysed for facts only) lets mapkey see in package use.
func TestFactsAcrossPackages(t *testing.T) {
	dir := fixture(t, "facts")
	r := mapguard(t, dir, "./use")
	if r.code != exitFindings || !regexp.MustCompile(`(?m)^use/use\.go:9:15: .*hash of unhashable type \[\]string.* \(mapkey\)$`).MatchString(r.stdout) ||
		!strings.Contains(r.stdout, "\tkeys/keys.go:8:") {
		t.Errorf("want the cross-package mapkey finding with its related location in keys, got %s", r)
	}
}
