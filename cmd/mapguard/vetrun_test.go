package main

import (
	"strings"
	"testing"
)

func TestParsePosn(t *testing.T) {
	for _, tc := range []struct {
		in        string
		file      string
		line, col int
	}{
		{"/a/b.go:3:4", "/a/b.go", 3, 4},
		{"/a/b.go:3", "/a/b.go", 3, 0},
		{"/a/b.go", "/a/b.go", 0, 0},
		{"C:/x/y.go:10:2", "C:/x/y.go", 10, 2},
		{"/a/we:ird.go:1:1", "/a/we:ird.go", 1, 1},
		{"-", "", 0, 0},
		{"", "", 0, 0},
	} {
		f, l, c := parsePosn(tc.in)
		if f != tc.file || l != tc.line || c != tc.col {
			t.Errorf("parsePosn(%q) = %q, %d, %d", tc.in, f, l, c)
		}
	}
}

// The shape go vet -json prints (x/tools driverutil.JSONTree), one object
// per package, several packages in a row.
const vetJSON = `{
	"example.com/m/a": {
		"mapalias": [
			{
				"posn": "/m/a/a.go:5:2",
				"end": "/m/a/a.go:5:12",
				"message": "alias",
				"suggested_fixes": [
					{
						"message": "clone",
						"edits": [
							{"filename": "/m/a/a.go", "start": 40, "end": 41, "new": "maps.Clone(m)"}
						]
					}
				],
				"related": [
					{"posn": "/m/a/a.go:3:2", "end": "/m/a/a.go:3:3", "message": "aliased here"}
				]
			}
		],
		"mapkey": {"error": "internal failure"}
	}
}
{
	"example.com/m/b [example.com/m/b.test]": {
		"nilmap": [
			{"posn": "/m/b/b_test.go:7:2", "end": "/m/b/b_test.go:7:10", "message": "assignment to nil map"}
		]
	}
}
`

func TestParseVetJSON(t *testing.T) {
	rep := new(Report)
	if err := parseVetJSON(strings.NewReader(vetJSON), rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Diagnostics) != 2 || len(rep.Errors) != 1 {
		t.Fatalf("got %d diagnostics, %d errors", len(rep.Diagnostics), len(rep.Errors))
	}
	d := rep.Diagnostics[0]
	if d.Check != "mapalias" || d.Package != "example.com/m/a" || d.File != "/m/a/a.go" || d.Line != 5 || d.Column != 2 || d.EndLine != 5 || d.EndColumn != 12 {
		t.Errorf("diagnostic: %+v", d)
	}
	if len(d.Related) != 1 || d.Related[0] != (Related{File: "/m/a/a.go", Line: 3, Column: 2, Message: "aliased here"}) {
		t.Errorf("related: %+v", d.Related)
	}
	if len(d.Fixes) != 1 || d.Fixes[0].Edits[0] != (Edit{File: "/m/a/a.go", Offset: 40, End: 41, NewText: "maps.Clone(m)"}) {
		t.Errorf("fixes: %+v", d.Fixes)
	}
	if e := rep.Errors[0]; e.Package != "example.com/m/a" || e.Message != "mapkey: internal failure" {
		t.Errorf("error: %+v", e)
	}
	if d := rep.Diagnostics[1]; d.Package != "example.com/m/b" || d.URL == "" {
		t.Errorf("test variant: %+v", d)
	}
}

func TestParseVetStderr(t *testing.T) {
	got := parseVetStderr("go: downloading x v1\n# example.com/m/b\nb/b.go:3:1: bad\nb/b.go:4:1: worse\n# example.com/m/c\nc/c.go:1:1: oops\n" +
		// A test variant, as go vet prints it when a _test.go file does not type-check.
		"# example.com/m/d\n# [example.com/m/d]\nd/d_test.go:3:13: cannot use\n" +
		"# example.com/m/e [example.com/m/e.test]\ne/e_test.go:1:1: bad\n")
	want := []stderrSection{
		{"", "go: downloading x v1"},
		{"example.com/m/b", "b/b.go:3:1: bad\nb/b.go:4:1: worse"},
		{"example.com/m/c", "c/c.go:1:1: oops"},
		{"example.com/m/d", "d/d_test.go:3:13: cannot use"},
		{"example.com/m/e", "e/e_test.go:1:1: bad"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("section %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range []struct{ base, file, want string }{
		{"/m", "/m/a/b.go", "a/b.go"},
		{"/m", "/other/b.go", "/other/b.go"},
		{"/m", "/m2/b.go", "/m2/b.go"},
		{"/m", "", ""},
	} {
		if got := relPath(tc.base, tc.file); got != tc.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc.base, tc.file, got, tc.want)
		}
	}
}

func TestWriteTextRelated(t *testing.T) {
	rep := &Report{Diagnostics: []*Diagnostic{{
		Check: "mapconcurrent", File: "/m/a.go", Line: 5, Column: 2, Message: "concurrent write",
		Related: []Related{{File: "/m/b.go", Line: 9, Column: 3, Message: "goroutine started here"}},
	}}}
	var sb strings.Builder
	writeText(&sb, rep, "/m", -1)
	want := "a.go:5:2: concurrent write (mapconcurrent)\n\tb.go:9:3: goroutine started here\n"
	if sb.String() != want {
		t.Errorf("got %q, want %q", sb.String(), want)
	}
}

func TestInvokedByGoCommand(t *testing.T) {
	cfg := t.TempDir() + "/vet.cfg"
	writeFile(t, cfg, "{}")
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-json", cfg}, true},
		{[]string{"-fix", "-diff", "-nilmap=false", cfg}, true},
		{[]string{"./..."}, false},
		{[]string{"-format=json", "./x.cfg"}, false}, // not an existing file
		{nil, false},
	} {
		if got := invokedByGoCommand(tc.args); got != tc.want {
			t.Errorf("invokedByGoCommand(%q) = %v", tc.args, got)
		}
	}
}
