package golangci

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/mapguard/mapguard/passes"
)

// build looks the plugin up the way golangci-lint does and builds its
// analyzers from settings.
func build(t *testing.T, settings any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("mapguard")
	if err != nil {
		t.Fatalf("GetPlugin: %v", err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

// Without settings (nil, or the empty mapping golangci-lint passes for an
// empty settings block) the plugin returns the suite itself: the same
// analyzers, in order, so drivers share their identity with other front ends.
func TestPluginReturnsTheSuite(t *testing.T) {
	suite := passes.Analyzers()
	if len(suite) < 2 {
		t.Fatalf("suite has %d analyzers, want at least one check and the directive audit", len(suite))
	}
	for _, settings := range []any{nil, map[string]any{}} {
		got, err := build(t, settings)
		if err != nil {
			t.Fatalf("settings %v: %v", settings, err)
		}
		if !slices.Equal(got, suite) {
			t.Errorf("settings %v: analyzers %v, want the suite %v", settings, names(got), passes.Names())
		}
		if err := analysis.Validate(got); err != nil {
			t.Errorf("settings %v: %v", settings, err)
		}
	}
}

// Disabling any analyzer of the suite returns the others, same pointers, in
// order — except the directive audit, which is passes.WithDisabled's (it
// does not require the disabled check); enabling one returns just it.
func TestEnableDisable(t *testing.T) {
	suite := passes.Analyzers()
	for i, a := range suite {
		want := slices.Delete(slices.Clone(suite), i, i+1)
		if sel := passes.WithDisabled(a.Name); want[len(want)-1].Name == "directive" {
			want[len(want)-1] = sel[len(sel)-1]
		}
		got, err := build(t, map[string]any{"disable": []any{a.Name}})
		if err != nil {
			t.Fatalf("disable %s: %v", a.Name, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("disable %s: got %v, want %v", a.Name, names(got), names(want))
		}
		if err := analysis.Validate(got); err != nil {
			t.Errorf("disable %s: %v", a.Name, err)
		}

		got, err = build(t, map[string]any{"enable": []any{a.Name}})
		if err != nil {
			t.Fatalf("enable %s: %v", a.Name, err)
		}
		wantOnly := a
		if a.Name == "directive" {
			// Alone, the audit requires no check: every check is off.
			var checks []string
			for _, c := range passes.Checks() {
				checks = append(checks, c.Name)
			}
			sel := passes.WithDisabled(checks...)
			wantOnly = sel[len(sel)-1]
			if len(wantOnly.Requires) != 0 {
				t.Errorf("enable directive: the audit still requires %v", names(wantOnly.Requires))
			}
		}
		if len(got) != 1 || got[0] != wantOnly {
			t.Errorf("enable %s: got %v", a.Name, names(got))
		}
	}
	// enable keeps suite order, whatever the order in the settings.
	rev := slices.Clone(passes.Names())
	slices.Reverse(rev)
	var list []any
	for _, n := range rev {
		list = append(list, n)
	}
	got, err := build(t, map[string]any{"enable": list})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, suite) {
		t.Errorf("enable all in reverse: got %v, want suite order %v", names(got), passes.Names())
	}
}

// Bad settings are errors that name the offending key and the valid ones.
func TestBadSettings(t *testing.T) {
	all := strings.Join(passes.Names(), ", ")
	first := passes.Names()[0]
	for _, tc := range []struct {
		name     string
		settings any
		want     []string // substrings of the error
	}{
		{"unknown key", map[string]any{"disabled": []any{first}},
			[]string{`mapguard settings: unknown key "disabled"`, "valid keys: disable, enable"}},
		{"unknown analyzer", map[string]any{"disable": []any{"nosuchcheck"}},
			[]string{`disable: unknown analyzer "nosuchcheck"`, "analyzers: " + all}},
		{"not a list", map[string]any{"enable": first},
			[]string{"enable: want a list of analyzer names"}},
		{"both", map[string]any{"enable": []any{first}, "disable": []any{first}},
			[]string{`"` + first + `" is both enabled and disabled`}},
		{"nothing left", map[string]any{"enable": []any{}},
			[]string{"select no analyzer"}},
		{"not a mapping", []any{"disable"},
			[]string{"want a mapping of disable, enable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := build(t, tc.settings)
			if err == nil {
				t.Fatalf("no error for %v", tc.settings)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	// Options for an analyzer without flags are an error, not ignored.
	for _, a := range passes.Analyzers() {
		if hasFlags(a) {
			continue
		}
		_, err := build(t, map[string]any{a.Name: map[string]any{"x": 1}})
		if err == nil || !strings.Contains(err.Error(), a.Name+": the analyzer has no options") {
			t.Errorf("options for %s (no flags): error %v", a.Name, err)
		}
	}
}

// listFlag is a comma-separated list, as checks declare list options.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	*l = strings.Split(s, ",")
	return nil
}

// fakeSuite builds analyzers with flags of every common kind, so option
// decoding is tested whatever flags the real checks have today.
func fakeSuite() (suite []*analysis.Analyzer, roots *listFlag, strict *bool, depth *int, mode *string) {
	a := &analysis.Analyzer{Name: "mapconcurrent", Doc: "fake", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	roots = new(listFlag)
	a.Flags.Var(roots, "roots", "functions that start goroutines")
	strict = a.Flags.Bool("strictKeys", false, "camelCase flag")
	depth = a.Flags.Int("max_depth", 3, "snake_case flag")
	mode = a.Flags.String("mode", "fast", "string flag")
	b := &analysis.Analyzer{Name: "plain", Doc: "fake", Run: a.Run}
	return []*analysis.Analyzer{a, b}, roots, strict, depth, mode
}

// Options map onto the analyzer's flags, in kebab-case (any case and
// separators accepted, since golangci-lint lowercases YAML keys); lists are
// joined with commas.
func TestOptions(t *testing.T) {
	suite, roots, strict, depth, mode := fakeSuite()
	p, err := newPlugin(map[string]any{
		"mapconcurrent": map[string]any{
			"roots":       []any{"main.main", "pkg.Serve"},
			"strict-keys": true,
			"maxdepth":    5, // as golangci-lint's loader delivers max-depth
			"mode":        "thorough",
		},
		"disable": []any{"plain"},
	}, suite, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != suite[0] {
		t.Errorf("analyzers %v, want [mapconcurrent]", names(got))
	}
	if roots.String() != "main.main,pkg.Serve" || !*strict || *depth != 5 || *mode != "thorough" {
		t.Errorf("flags: roots=%q strictKeys=%v max_depth=%d mode=%q", roots, *strict, *depth, *mode)
	}
}

func TestBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings map[string]any
		want     string
	}{
		{"unknown option", map[string]any{"mapconcurrent": map[string]any{"root": "x"}},
			`mapconcurrent: unknown option "root" (valid options: max-depth, mode, roots, strict-keys)`},
		{"no options", map[string]any{"plain": map[string]any{"x": 1}},
			"plain: the analyzer has no options"},
		{"not a mapping", map[string]any{"mapconcurrent": []any{"roots"}},
			"mapconcurrent: want a mapping of options"},
		{"nested", map[string]any{"mapconcurrent": map[string]any{"mode": map[string]any{"a": 1}}},
			"mapconcurrent.mode: want a string, number, boolean or list of them"},
		{"null", map[string]any{"mapconcurrent": map[string]any{"mode": nil}},
			"mapconcurrent.mode: want a value, got null"},
		{"unknown key lists analyzers with options", map[string]any{"nilmap": map[string]any{}},
			`unknown key "nilmap" (valid keys: disable, enable, mapconcurrent)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			suite, _, _, _, _ := fakeSuite()
			_, err := newPlugin(tc.settings, suite, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}

	// A value the flag rejects fails BuildAnalyzers, naming the option.
	suite, _, _, _, _ := fakeSuite()
	p, err := newPlugin(map[string]any{"mapconcurrent": map[string]any{"max-depth": "deep"}}, suite, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.BuildAnalyzers()
	if err == nil || !strings.Contains(err.Error(), `mapconcurrent.max-depth: invalid value "deep"`) {
		t.Errorf("error %v", err)
	}
}

// The real suite's options are reachable: every flag of every analyzer
// accepts its own current value through the settings.
func TestSuiteOptionsRoundTrip(t *testing.T) {
	for _, a := range passes.Analyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			cur := f.Value.String()
			_, err := build(t, map[string]any{a.Name: map[string]any{kebab(f.Name): cur}})
			if err != nil {
				t.Errorf("%s.%s=%q: %v", a.Name, f.Name, cur, err)
			}
			if f.Value.String() != cur {
				t.Errorf("%s.%s changed from %q to %q", a.Name, f.Name, cur, f.Value.String())
			}
		})
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"roots": "roots", "strictKeys": "strict-keys", "max_depth": "max-depth",
		"HTTPRoots": "httproots", "goVersion1": "go-version1", "already-kebab": "already-kebab",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}
