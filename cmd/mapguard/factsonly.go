package main

// When the go command vets a package only for the facts its importers need
// (VetxOnly: every dependency of the packages being vetted, the standard
// library included), unitchecker runs every root analyzer whose requirement
// graph produces facts and discards their diagnostics. In mapguard every
// check's graph reaches a fact-producing engine (ctrlflow at least), so
// unitchecker would run the whole suite (staticcheck's IR for nilmap, every
// check's own analysis, the directive audit) on every dependency. Only the
// analyzers that export facts, and what they require, are needed there:
// factsOnly computes that set for the checks the command line selects, so
// that the facts written are exactly those the full suite would write.

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// vetxOnly reports whether the unitchecker config file cfg asks for facts
// only.
func vetxOnly(cfg string) bool {
	data, err := os.ReadFile(cfg)
	if err != nil {
		return false // let unitchecker report the error
	}
	var c struct{ VetxOnly bool }
	if err := json.Unmarshal(data, &c); err != nil {
		return false
	}
	return c.VetxOnly
}

// captured is a flag value that records its raw setting.
type captured struct {
	isBool bool
	set    bool
	value  string
}

func (c *captured) String() string   { return c.value }
func (c *captured) IsBoolFlag() bool { return c.isBool }
func (c *captured) Set(s string) error {
	if c.isBool {
		if _, err := strconv.ParseBool(s); err != nil {
			return err
		}
	}
	c.set, c.value = true, s
	return nil
}

// factsOnly returns the analyzers to run for a VetxOnly invocation of the
// suite with command line args (flags, then the .cfg file), and the
// command line to give unitchecker for them. ok is false if the command
// line cannot be understood; the caller then runs the full suite.
func factsOnly(suite []*analysis.Analyzer, args []string) (roots []*analysis.Analyzer, newArgs []string, ok bool) {
	if len(args) == 0 {
		return nil, nil, false
	}
	// Declare the flags unitchecker declares for the full suite (see
	// x/tools go/analysis/internal/analysisflags.Parse), recording values.
	fs := flag.NewFlagSet("mapguard", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	type checkFlag struct {
		check *analysis.Analyzer
		name  string
		val   *captured
	}
	var driver []string // driver flags, passed through unchanged
	for _, name := range []string{"json", "fix", "diff", "source", "v", "all", "V", "flags"} {
		fs.Var(&passFlag{name: name, isBool: true, sink: &driver}, name, "")
	}
	for _, name := range []string{"c", "tags"} {
		fs.Var(&passFlag{name: name, sink: &driver}, name, "")
	}
	enable := make(map[*analysis.Analyzer]*captured)
	var checkFlags []checkFlag
	clash := false
	define := func(v flag.Value, name string) {
		if fs.Lookup(name) != nil {
			clash = true // unitchecker would refuse this suite anyway
			return
		}
		fs.Var(v, name, "")
	}
	for _, a := range suite {
		c := &captured{isBool: true}
		define(c, a.Name)
		enable[a] = c
		a.Flags.VisitAll(func(f *flag.Flag) {
			b, isBool := f.Value.(interface{ IsBoolFlag() bool })
			v := &captured{isBool: isBool && b.IsBoolFlag()}
			define(v, a.Name+"."+f.Name)
			checkFlags = append(checkFlags, checkFlag{a, f.Name, v})
		})
	}
	if clash {
		return nil, nil, false
	}
	if err := fs.Parse(args[:len(args)-1]); err != nil || fs.NArg() != 0 {
		return nil, nil, false
	}

	// The checks the command line selects, as analysisflags.Parse does.
	var hasTrue, hasFalse bool
	for _, c := range enable {
		if c.set {
			if b, _ := strconv.ParseBool(c.value); b {
				hasTrue = true
			} else {
				hasFalse = true
			}
		}
	}
	var selected []*analysis.Analyzer
	for _, a := range suite {
		c := enable[a]
		b, _ := strconv.ParseBool(c.value)
		switch {
		case hasTrue && !(c.set && b):
		case !hasTrue && hasFalse && c.set && !b:
		default:
			selected = append(selected, a)
		}
	}

	// Their fact producers, in a deterministic order.
	seen := make(map[*analysis.Analyzer]bool)
	names := make(map[string]bool)
	var visit func(a *analysis.Analyzer) bool
	visit = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return true
		}
		seen[a] = true
		for _, r := range a.Requires {
			if !visit(r) {
				return false
			}
		}
		if len(a.FactTypes) > 0 {
			if names[a.Name] {
				return false // two analyzers of one name: their flags would clash
			}
			names[a.Name] = true
			roots = append(roots, a)
		}
		return true
	}
	for _, a := range selected {
		if !visit(a) {
			return nil, nil, false
		}
	}

	// The new command line: driver flags, the flags of the checks that are
	// still roots (unitchecker declares them as <check>.<flag>), the file.
	newArgs = append(newArgs, driver...)
	for _, cf := range checkFlags {
		if cf.val.set && names[cf.check.Name] && containsAnalyzer(roots, cf.check) {
			newArgs = append(newArgs, "-"+cf.check.Name+"."+cf.name+"="+cf.val.value)
		}
	}
	newArgs = append(newArgs, args[len(args)-1])
	return roots, newArgs, true
}

func containsAnalyzer(list []*analysis.Analyzer, a *analysis.Analyzer) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// passFlag records a driver flag to pass through.
type passFlag struct {
	name   string
	isBool bool
	sink   *[]string
}

func (f *passFlag) String() string   { return "" }
func (f *passFlag) IsBoolFlag() bool { return f.isBool }
func (f *passFlag) Set(s string) error {
	*f.sink = append(*f.sink, "-"+f.name+"="+s)
	return nil
}

// isCfgArg reports whether the last argument is the unitchecker config.
func isCfgArg(args []string) bool {
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
