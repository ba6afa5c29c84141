package suppress

import (
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

const src = `package p

func f(m map[string]int) {
	m["a"] = 1 //mapguard:ignore nilmap trailing covers its own line
	//mapguard:ignore mapkey,mapvalue standalone covers the next line
	m["b"] = 2
	//mapguard:ignore directive
	_ = 3
	//mapguard:ignoreX not a directive
	_ = []int{
		1, //mapguard:ignore mapalias inside a literal
		2,
	}
}
`

func TestParse(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	dirs := Parse(fset, f)
	type want struct {
		checks []string
		reason string
		lines  [2]int
	}
	wants := []want{
		{[]string{"nilmap"}, "trailing covers its own line", [2]int{4, 4}},
		{[]string{"mapkey", "mapvalue"}, "standalone covers the next line", [2]int{5, 6}},
		{[]string{"directive"}, "", [2]int{7, 8}},
		{[]string{"mapalias"}, "inside a literal", [2]int{11, 11}},
	}
	if len(dirs) != len(wants) {
		t.Fatalf("got %d directives, want %d (//mapguard:ignoreX is not one)", len(dirs), len(wants))
	}
	for i, w := range wants {
		d := dirs[i]
		if !slices.Equal(d.Checks, w.checks) || d.Reason != w.reason || d.Lines != w.lines {
			t.Errorf("directive %d = {%v %q %v}, want {%v %q %v}", i, d.Checks, d.Reason, d.Lines, w.checks, w.reason, w.lines)
		}
	}

	// Covers: the check named, on a covered line, in the same file.
	tf := fset.File(f.Pos())
	at := func(line int) token.Pos { return tf.LineStart(line) + 1 }
	for _, tc := range []struct {
		d     int
		check string
		line  int
		want  bool
	}{
		{0, "nilmap", 4, true},
		{0, "nilmap", 5, false}, // trailing does not reach the next line
		{0, "mapkey", 4, false}, // another check
		{1, "mapvalue", 6, true},
		{1, "mapkey", 5, true},
		{1, "mapkey", 7, false},
		{3, "mapalias", 12, false},
	} {
		if got := dirs[tc.d].Covers(fset, tc.check, at(tc.line)); got != tc.want {
			t.Errorf("directive %d Covers(%s, line %d) = %v, want %v", tc.d, tc.check, tc.line, got, tc.want)
		}
	}
	if dirs[0].Covers(fset, "nilmap", token.NoPos) {
		t.Error("an invalid position is covered")
	}
}
