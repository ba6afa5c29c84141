package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const src = `package p

func F(m map[string]int) map[string]int {
	out := m
	out["x"] = 1
	return out
}

func G(m map[string]int) map[string]int {
	out := m
	out["y"] = 2
	return out
}
`

// edit returns an edit of file replacing the first occurrence of old
// (after the n-th byte) by new.
func edit(t *testing.T, file, content, old, new string, from int) Edit {
	t.Helper()
	i := strings.Index(content[from:], old)
	if i < 0 {
		t.Fatalf("%q not found", old)
	}
	return Edit{File: file, Offset: from + i, End: from + i + len(old), NewText: new}
}

func diag(file string, line int, edits ...Edit) *Diagnostic {
	return &Diagnostic{Check: "test", File: file, Line: line, Column: 2, Message: "alias",
		Fixes: []Fix{{Message: "clone", Edits: edits}}}
}

func TestFixApplyAndCoalesce(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.go")
	writeFile(t, file, src)
	// Both fixes add the same import (identical edit: coalesced) and clone
	// their own map.
	imp := Edit{File: file, Offset: len("package p\n"), End: len("package p\n"), NewText: "\nimport \"maps\"\n"}
	g := strings.Index(src, "func G")
	d1 := diag(file, 4, imp, edit(t, file, src, "out := m", "out := maps.Clone(m)", 0))
	d2 := diag(file, 10, imp, edit(t, file, src, "out := m", "out := maps.Clone(m)", g))
	p := planFixes([]*Diagnostic{d1, d2})
	if len(p.Conflicts) != 0 {
		t.Fatalf("unexpected conflicts: %+v", p.Conflicts)
	}
	out := p.Apply()
	if len(out.Errors) != 0 || out.Fixed != 2 || len(out.Written) != 1 {
		t.Fatalf("Apply: %+v", out)
	}
	got := readFile(t, file)
	if strings.Count(got, `import "maps"`) != 1 || strings.Count(got, "maps.Clone(m)") != 2 {
		t.Errorf("fixed file:\n%s", got)
	}
	// The original was gofmt-formatted, so is the result; and it builds.
	mustBuild(t, dir, got)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func mustBuild(t *testing.T, dir, content string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "go.mod"), "module p\n\ngo 1.22\n")
	defer os.Remove(filepath.Join(dir, "go.mod"))
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("fixed code does not build: %v\n%s\n%s", err, out, content)
	}
}

func TestFixConflicts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.go")
	writeFile(t, file, src)
	first := edit(t, file, src, "out := m", "out := make(map[string]int)", 0)
	overlapping := edit(t, file, src, "m\n\tout[\"x\"]", "m /* other */\n\tout[\"x\"]", 0)
	outside := Edit{File: file, Offset: len(src) + 10, End: len(src) + 12, NewText: "x"}
	breaks := edit(t, file, src, "return out\n}\n\nfunc G", "return out\n\nfunc G", 0) // deletes a brace
	d1 := diag(file, 4, first)
	d2 := diag(file, 4, overlapping)
	d3 := diag(file, 5, outside)
	d4 := diag(file, 6, breaks)
	p := planFixes([]*Diagnostic{d1, d2, d3, d4})
	reasons := make(map[*Diagnostic]string)
	for _, c := range p.Conflicts {
		reasons[c.Diag] = c.Reason
	}
	if !strings.Contains(reasons[d2], "overlaps the fix for p.go:4:2") {
		t.Errorf("overlap not reported: %q", reasons[d2])
	}
	if !strings.Contains(reasons[d3], "outside") {
		t.Errorf("out-of-range edit not reported: %q", reasons[d3])
	}
	if !strings.Contains(reasons[d4], "invalid Go") {
		t.Errorf("unparsable result not reported: %q", reasons[d4])
	}
	if _, ok := reasons[d1]; ok || len(p.Conflicts) != 3 {
		t.Errorf("conflicts: %+v", p.Conflicts)
	}
	out := p.Apply()
	if out.Fixed != 1 || len(out.Errors) != 0 {
		t.Fatalf("Apply: %+v", out)
	}
	got := readFile(t, file)
	if !strings.Contains(got, "out := make(map[string]int)") || strings.Contains(got, "other") {
		t.Errorf("fixed file:\n%s", got)
	}
}

func TestOverlaps(t *testing.T) {
	e := func(off, end int, text string) Edit { return Edit{Offset: off, End: end, NewText: text} }
	for _, tc := range []struct {
		a, b Edit
		want bool
	}{
		{e(0, 5, ""), e(5, 8, ""), false},    // adjacent
		{e(0, 5, ""), e(4, 8, ""), true},     // intersecting
		{e(3, 3, "x"), e(3, 3, "y"), true},   // two insertions at one point: order unknown
		{e(3, 3, "x"), e(3, 3, "x"), false},  // identical (coalesced by the caller)
		{e(3, 3, "x"), e(3, 6, ""), false},   // insertion before a deletion
		{e(4, 4, "x"), e(3, 6, ""), true},    // insertion inside a deletion
		{e(6, 6, "x"), e(3, 6, "y"), false},  // insertion right after
		{e(0, 10, ""), e(2, 3, "z"), true},   // containment
		{e(2, 3, "z"), e(0, 10, ""), true},   // containment, other order
		{e(10, 10, "a"), e(0, 9, ""), false}, // disjoint
	} {
		if got := overlaps(tc.a, tc.b); got != tc.want {
			t.Errorf("overlaps(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := overlaps(tc.b, tc.a); got != tc.want {
			t.Errorf("overlaps(%v, %v) = %v, want %v (symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

// A failing rename (a crash between writing and renaming, a full disk)
// leaves the original untouched and no temporary file behind.
func TestFixAtomicWrite(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.go")
	writeFile(t, file, src)
	if err := os.Chmod(file, 0o640); err != nil {
		t.Fatal(err)
	}
	d := diag(file, 4, edit(t, file, src, "out := m", "out := make(map[string]int)", 0))

	p := planFixes([]*Diagnostic{d})
	var tmpSeen string
	p.rename = func(oldpath, newpath string) error {
		tmpSeen = oldpath
		if got := readFile(t, oldpath); !strings.Contains(got, "make(map[string]int)") {
			t.Errorf("temporary file incomplete:\n%s", got)
		}
		return errors.New("injected rename failure")
	}
	out := p.Apply()
	if len(out.Errors) != 1 || !strings.Contains(out.Errors[0].Error(), "left unchanged") || len(out.Unfixed) != 1 || out.Fixed != 0 {
		t.Fatalf("Apply with failing rename: %+v", out)
	}
	if got := readFile(t, file); got != src {
		t.Errorf("original modified:\n%s", got)
	}
	if filepath.Dir(tmpSeen) != dir {
		t.Errorf("temporary file %s not in the file's directory", tmpSeen)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}

	// The real rename keeps the mode.
	p = planFixes([]*Diagnostic{d})
	if out := p.Apply(); out.Fixed != 1 {
		t.Fatalf("Apply: %+v", out)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
}

// A fix touching two files is accepted or rejected as a whole.
func TestFixMultiFile(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	writeFile(t, a, "package p\n\nvar A = 1\n")
	writeFile(t, b, "package p\n\nvar B = 2\n")
	// "package p\n\nvar " is 15 bytes: [15,20) is "B = 2".
	taken := diag(b, 3, Edit{File: b, Offset: 15, End: 20, NewText: "B = 20"})
	both := diag(a, 3, Edit{File: a, Offset: 15, End: 20, NewText: "A = 10"}, Edit{File: b, Offset: 17, End: 18, NewText: "="})
	p := planFixes([]*Diagnostic{taken, both})
	if len(p.Conflicts) != 1 || p.Conflicts[0].Diag != both {
		t.Fatalf("conflicts: %+v", p.Conflicts)
	}
	p.Apply()
	if got := readFile(t, a); got != "package p\n\nvar A = 1\n" {
		t.Errorf("a.go changed by a rejected fix:\n%s", got)
	}
	if got := readFile(t, b); got != "package p\n\nvar B = 20\n" {
		t.Errorf("b.go:\n%s", got)
	}
}

func TestFixDiff(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.go")
	writeFile(t, file, src)
	d := diag(file, 4, edit(t, file, src, "out := m", "out := make(map[string]int)", 0))
	p := planFixes([]*Diagnostic{d})
	var sb strings.Builder
	out := p.WriteDiff(&sb, dir)
	want := `--- a/p.go
+++ b/p.go
@@ -1,7 +1,7 @@
 package p
 
 func F(m map[string]int) map[string]int {
-	out := m
+	out := make(map[string]int)
 	out["x"] = 1
 	return out
 }
`
	if sb.String() != want {
		t.Errorf("diff:\n%s\nwant:\n%s", sb.String(), want)
	}
	if len(out.Written) != 1 || out.Fixed != 1 {
		t.Errorf("WriteDiff: %+v", out)
	}
	if readFile(t, file) != src {
		t.Errorf("-diff wrote the file")
	}
}

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	new := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn"
	got := unifiedDiff("x", "y", []byte(old), []byte(new))
	want := `--- x
+++ y
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,3 +11,4 @@
 k
 l
 m
+n
\ No newline at end of file
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if unifiedDiff("x", "y", []byte(old), []byte(old)) != "" {
		t.Errorf("equal inputs give a diff")
	}
	// Pure insertion into an empty file.
	if got := unifiedDiff("x", "y", nil, []byte("a\n")); got != "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n" {
		t.Errorf("insertion into empty file:\n%s", got)
	}
}

// A symlinked source file keeps its link: the fix is written to the target.
func TestFixKeepsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real", "p.go.txt")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, target, src)
	link := filepath.Join(dir, "p.go")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	d := diag(link, 4, edit(t, link, src, "out := m", "out := make(map[string]int)", 0))
	if out := planFixes([]*Diagnostic{d}).Apply(); out.Fixed != 1 || len(out.Errors) != 0 {
		t.Fatalf("Apply: %+v", out)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a regular file (%v)", err)
	}
	if got := readFile(t, target); !strings.Contains(got, "make(map[string]int)") {
		t.Errorf("target not fixed:\n%s", got)
	}
}

// A CRLF file keeps CRLF line endings on the lines a fix inserts (no mixed
// endings), and an LF file gets none.
func TestFixKeepsCRLF(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.go")
	crlf := strings.ReplaceAll(src, "\n", "\r\n")
	writeFile(t, file, crlf)
	d := diag(file, 4, edit(t, file, crlf, "out := m", "out := make(map[string]int)\n\tfor k, v := range m {\n\t\tout[k] = v\n\t}", 0))
	if out := planFixes([]*Diagnostic{d}).Apply(); out.Fixed != 1 {
		t.Fatalf("Apply: %+v", out)
	}
	got := readFile(t, file)
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Errorf("mixed line endings after the fix:\n%q", got)
	}
	if !strings.Contains(got, "for k, v := range m {\r\n") {
		t.Errorf("fix not applied:\n%q", got)
	}

	lf := filepath.Join(dir, "q.go")
	writeFile(t, lf, src)
	d = diag(lf, 4, edit(t, lf, src, "out := m", "out := make(map[string]int)\n\tfor k, v := range m {\n\t\tout[k] = v\n\t}", 0))
	if out := planFixes([]*Diagnostic{d}).Apply(); out.Fixed != 1 {
		t.Fatalf("Apply: %+v", out)
	}
	if got := readFile(t, lf); strings.Contains(got, "\r") {
		t.Errorf("CR inserted into an LF file:\n%q", got)
	}
}
