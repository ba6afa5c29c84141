package mapkey_test

import (
	"fmt"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapkey"
)

func TestDirect(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapkey.Analyzer, "mapkey/a"))
}

func TestAcrossPackages(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, mapkey.Analyzer, "mapkey/lib", "mapkey/b"))
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, mapkey.Analyzer, "mapkey/neg")
}

// TestPremise proves that the reports are panics: it runs the analyzer on
// mapkey/proof, checks that every Case and Found function there is reported,
// then builds and executes those functions and checks that each Case panics
// with "hash of unhashable type" and each Found misses its key.
func TestPremise(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	results := analysistest.Run(t, mapkey.Analyzer, "mapkey/proof")
	analysistest.AssertRelated(t, results)

	// Which functions did the analyzer report in?
	var cases []string
	reported := make(map[string]bool)
	reportedType := make(map[string]string) // the type named by the diagnostic
	for _, r := range results {
		for _, f := range r.Pass.Files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || !(strings.HasPrefix(fd.Name.Name, "Case") || strings.HasPrefix(fd.Name.Name, "Found")) {
					continue
				}
				cases = append(cases, fd.Name.Name)
				for _, d := range r.Diagnostics {
					if d.Pos >= fd.Pos() && d.Pos < fd.End() {
						reported[fd.Name.Name] = true
						if m := unhashableRx.FindStringSubmatch(d.Message); m != nil {
							reportedType[fd.Name.Name] = m[1]
						}
					}
				}
			}
		}
	}
	if len(cases) < 10 {
		t.Fatalf("found only %d proof functions", len(cases))
	}
	for _, c := range cases {
		if !reported[c] {
			t.Errorf("%s: the analyzer reports nothing in it", c)
		}
	}

	// Build a module holding mapkey/lib, mapkey/proof and a main package
	// that runs each function.
	tmp := t.TempDir()
	src := filepath.Join(analysistest.TestData(), "src", "mapkey")
	for _, dir := range []string{"lib", "proof"} {
		copyDir(t, filepath.Join(src, dir), filepath.Join(tmp, dir))
	}
	write(t, filepath.Join(tmp, "go.mod"), "module mapkey\n\ngo 1.24\n")
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"fmt\"\n\n\t\"mapkey/proof\"\n)\n\n")
	main.WriteString("func run(name string, f func()) {\n\tdefer func() { fmt.Printf(\"%s\\t%v\\n\", name, recover()) }()\n\tf()\n}\n\n")
	main.WriteString("func main() {\n")
	for _, c := range cases {
		if strings.HasPrefix(c, "Case") {
			fmt.Fprintf(&main, "\trun(%q, proof.%s)\n", c, c)
		} else {
			fmt.Fprintf(&main, "\trun(%q, func() { if proof.%s() { panic(\"found\") } else { panic(\"not found\") } })\n", c, c)
		}
	}
	main.WriteString("}\n")
	write(t, filepath.Join(tmp, "main", "main.go"), main.String())

	cmd := exec.Command("go", "run", "./main")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	got := make(map[string]string)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, msg, _ := strings.Cut(line, "\t")
		got[name] = msg
	}
	for _, c := range cases {
		msg, ok := got[c]
		switch {
		case !ok:
			t.Errorf("%s did not run", c)
		case strings.HasPrefix(c, "Case") && !strings.Contains(msg, "hash of unhashable type"):
			t.Errorf("%s: want a panic with \"hash of unhashable type\", got %q", c, msg)
		case strings.HasPrefix(c, "Case") && !strings.HasSuffix(msg, " "+reportedType[c]):
			t.Errorf("%s: the diagnostic names type %q, the runtime panicked with %q", c, reportedType[c], msg)
		case strings.HasPrefix(c, "Found") && msg != "not found":
			t.Errorf("%s: want the key not found, got %q", c, msg)
		default:
			t.Logf("%s: %s", c, msg)
		}
	}
}

var unhashableRx = regexp.MustCompile(`hash of unhashable type ([^"]+)"`)

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(to, e.Name()), string(data))
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// With -mapkey.interfaces, calls through an interface method are followed
// when every implementation in the interface's package uses the parameter
// as a map key.
func TestInterfaces(t *testing.T) {
	setFlag(t, "interfaces", "true")
	analysistest.AssertRelated(t, analysistest.Run(t, mapkey.Analyzer, "mapkey/set", "mapkey/ipam"))
}

// By default they are not.
func TestInterfacesOff(t *testing.T) {
	analysistest.RunNegative(t, mapkey.Analyzer, "mapkey/negiface")
}

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := mapkey.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("no flag %s", name)
	}
	old := f.Value.String()
	if err := mapkey.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mapkey.Analyzer.Flags.Set(name, old) })
}
