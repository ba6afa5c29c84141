// Package golangci registers mapguard as a golangci-lint v2 module plugin
// named "mapguard" (github.com/golangci/plugin-module-register).
//
// The plugin runs the suite exactly as every other front end does: the
// analyzers of passes.Analyzers(), wrapped with mapguard's suppression
// rules, followed by the directive audit. Nothing here names a check: a
// check registered in passes/ reaches golangci-lint without code here.
//
// Settings live under linters.settings.custom.mapguard.settings and are
// decoded strictly (an unknown key is an error naming the valid ones):
//
//	settings:
//	  disable: [mapalias]          # analyzers not to run (suite names)
//	  enable: [nilmap, directive]  # or: only these (default: the whole suite)
//	  mapconcurrent:               # per-check options: the check's analyzer
//	    roots: [main.main]         # flags, -mapconcurrent.roots=main.main
//
// Option keys are the analyzer's flag names in kebab-case; a list value is
// passed to the flag joined with commas, as golangci-lint does for its own
// analyzers.
//
// The directive audit reports //mapguard:ignore directives that silence
// nothing, which it knows by requiring the checks the directives name. When
// checks are disabled, the plugin returns the audit of
// passes.WithDisabled, which requires the enabled checks only: a disabled
// check does no work, and directives naming it are not judged.
package golangci

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/mapguard/mapguard/passes"
)

// Name is the plugin's name: the key under linters.settings.custom in the
// golangci-lint configuration, and the linter name //nolint:mapguard uses.
const Name = "mapguard"

func init() { register.Plugin(Name, New) }

// Plugin is mapguard's golangci-lint plugin.
type Plugin struct {
	analyzers []*analysis.Analyzer
	options   []option
}

// An option is one analyzer flag set from the settings.
type option struct {
	key   string // "check.flag-name", for messages
	flag  *flag.Flag
	value string
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New is the plugin constructor golangci-lint calls with the raw settings
// (nil when there are none).
func New(settings any) (register.LinterPlugin, error) {
	p, err := newPlugin(settings, passes.Analyzers(), passes.WithDisabled)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return p, nil
}

// BuildAnalyzers sets the analyzer flags named in the settings and returns
// the selected analyzers of the suite, in suite order.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	for _, o := range p.options {
		if err := o.flag.Value.Set(o.value); err != nil {
			return nil, fmt.Errorf("%s settings: %s: invalid value %q: %v", Name, o.key, o.value, err)
		}
	}
	return slices.Clone(p.analyzers), nil
}

// GetLoadMode reports that the suite needs type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

const (
	keyEnable  = "enable"
	keyDisable = "disable"
)

// newPlugin decodes settings against suite (the analyzers, in order).
// withDisabled, if not nil, gives the suite for a run with some checks
// switched off (passes.WithDisabled): its directive audit replaces the
// suite's when checks are disabled.
func newPlugin(settings any, suite []*analysis.Analyzer, withDisabled func(...string) []*analysis.Analyzer) (*Plugin, error) {
	byName := make(map[string]*analysis.Analyzer, len(suite))
	var names []string
	for _, a := range suite {
		byName[a.Name] = a
		names = append(names, a.Name)
	}

	var raw map[string]json.RawMessage
	if settings != nil {
		var err error
		raw, err = register.DecodeSettings[map[string]json.RawMessage](settings)
		if err != nil {
			return nil, fmt.Errorf("want a mapping of %s: %v", strings.Join(validKeys(suite), ", "), err)
		}
	}

	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	p := new(Plugin)
	var enable, disable []string
	for _, k := range keys {
		v := raw[k]
		switch {
		case k == keyEnable || k == keyDisable:
			list, err := decodeNames(k, v, byName, names)
			if err != nil {
				return nil, err
			}
			if k == keyEnable {
				enable = list
			} else {
				disable = list
			}
		case byName[k] != nil:
			opts, err := decodeOptions(byName[k], v)
			if err != nil {
				return nil, err
			}
			p.options = append(p.options, opts...)
		default:
			return nil, fmt.Errorf("unknown key %q (valid keys: %s)", k, strings.Join(validKeys(suite), ", "))
		}
	}

	for _, d := range disable {
		if slices.Contains(enable, d) {
			return nil, fmt.Errorf("%q is both enabled and disabled", d)
		}
	}
	for _, a := range suite {
		if (enable == nil || slices.Contains(enable, a.Name)) && !slices.Contains(disable, a.Name) {
			p.analyzers = append(p.analyzers, a)
		}
	}
	if len(p.analyzers) == 0 {
		return nil, errors.New("the settings select no analyzer to run")
	}
	if withDisabled != nil {
		var off []string
		for _, a := range suite {
			if !slices.Contains(p.analyzers, a) {
				off = append(off, a.Name)
			}
		}
		if len(off) > 0 {
			sel := withDisabled(off...)
			audit := sel[len(sel)-1]
			for i, a := range p.analyzers {
				if a.Name == audit.Name {
					p.analyzers[i] = audit
				}
			}
		}
	}
	return p, nil
}

// validKeys lists the top-level keys the settings accept: enable, disable,
// and the name of every analyzer that has options.
func validKeys(suite []*analysis.Analyzer) []string {
	keys := []string{keyDisable, keyEnable}
	for _, a := range suite {
		if hasFlags(a) {
			keys = append(keys, a.Name)
		}
	}
	return keys
}

func hasFlags(a *analysis.Analyzer) bool {
	n := 0
	a.Flags.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// decodeNames decodes the list of analyzer names under key.
func decodeNames(key string, v json.RawMessage, byName map[string]*analysis.Analyzer, names []string) ([]string, error) {
	var list []string
	if err := json.Unmarshal(v, &list); err != nil {
		return nil, fmt.Errorf("%s: want a list of analyzer names (%s), got %s", key, strings.Join(names, ", "), v)
	}
	if list == nil {
		list = []string{} // "enable: []" selects nothing, not everything
	}
	for _, n := range list {
		if byName[n] == nil {
			return nil, fmt.Errorf("%s: unknown analyzer %q (analyzers: %s)", key, n, strings.Join(names, ", "))
		}
	}
	return list, nil
}

// decodeOptions decodes the options of analyzer a: a mapping from flag
// names (kebab-case) to values.
func decodeOptions(a *analysis.Analyzer, v json.RawMessage) ([]option, error) {
	flags := make(map[string]*flag.Flag)
	var valid []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		flags[normalize(f.Name)] = f
		valid = append(valid, kebab(f.Name))
	})
	if len(valid) == 0 {
		return nil, fmt.Errorf("%s: the analyzer has no options", a.Name)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(v, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("%s: want a mapping of options (%s), got %s", a.Name, strings.Join(valid, ", "), v)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var opts []option
	for _, k := range keys {
		f := flags[normalize(k)]
		if f == nil {
			return nil, fmt.Errorf("%s: unknown option %q (valid options: %s)", a.Name, k, strings.Join(valid, ", "))
		}
		key := a.Name + "." + kebab(f.Name)
		value, err := flagValue(raw[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", key, err)
		}
		opts = append(opts, option{key: key, flag: f, value: value})
	}
	return opts, nil
}

// flagValue converts a settings value to the string a flag.Value parses:
// scalars as written, lists joined with commas.
func flagValue(v json.RawMessage) (string, error) {
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return "", err
	}
	if list, ok := x.([]any); ok {
		parts := make([]string, len(list))
		for i, e := range list {
			s, err := scalar(e)
			if err != nil {
				return "", fmt.Errorf("list element %d: %v", i, err)
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return scalar(x)
}

func scalar(x any) (string, error) {
	switch x := x.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case json.Number:
		return x.String(), nil
	case nil:
		return "", errors.New("want a value, got null")
	default:
		return "", fmt.Errorf("want a string, number, boolean or list of them, got %T", x)
	}
}

// normalize folds the spellings a flag name may take in YAML settings
// (golangci-lint's configuration loader lowercases keys): case, '-', '_'.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// kebab returns the kebab-case spelling of a flag name: strictKeys and
// strict_keys become strict-keys.
func kebab(s string) string {
	var b strings.Builder
	prev := rune(0) // the previous rune as written
	for _, r := range s {
		switch {
		case r == '_':
			b.WriteByte('-')
		case unicode.IsUpper(r):
			if unicode.IsLower(prev) || unicode.IsDigit(prev) {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}
