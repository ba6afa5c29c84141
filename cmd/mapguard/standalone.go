package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/mapguard/mapguard/passes"
	"golang.org/x/tools/go/analysis"
)

// Exit codes of the standalone driver (documented in docs/usage.md).
const (
	exitClean    = 0 // no findings
	exitFindings = 1 // findings (or, with -diff, a non-empty diff)
	exitUsage    = 2 // bad command line, or the go command could not be run
	exitErrors   = 3 // some packages failed to load or type-check (others were analysed)
)

const usageText = `mapguard finds map bugs in Go code.

Usage:
	mapguard [flags] [packages]      analyse packages (default ./..., tests included)
	mapguard help                    list the checks
	mapguard help <check>            documentation of one check
	mapguard vet [vet flags] [pkgs]  go vet -vettool=<this mapguard> ...
	go vet -vettool=$(command -v mapguard) [packages]
	go fix -fixtool=$(command -v mapguard) [packages]

Exit status: 0 clean, 1 findings (or a non-empty -diff), 2 usage error,
3 some packages could not be loaded or type-checked (the others are
still analysed and reported).

Flags:
`

// options are the standalone driver's settings.
type options struct {
	format  string
	fix     bool
	diff    bool
	context int
	tests   bool
	dir     string
	build   []string // build flags passed to go vet
	tool    []string // analyzer flags passed to the vet tool
}

// rawFlag records a flag's raw value so that it can be passed on to the vet
// tool unchanged.
type rawFlag struct {
	name   string
	isBool bool
	value  *string
	sink   *[]string
}

func (f *rawFlag) String() string {
	if f.value == nil {
		return ""
	}
	return *f.value
}

func (f *rawFlag) Set(s string) error {
	if f.isBool {
		switch strings.ToLower(s) {
		case "1", "t", "true", "0", "f", "false":
		default:
			return errors.New("want true or false")
		}
	}
	v := s
	f.value = &v
	*f.sink = append(*f.sink, "-"+f.name+"="+s)
	return nil
}

func (f *rawFlag) IsBoolFlag() bool { return f.isBool }

// buildFlag records a go build flag to pass to go vet.
type buildFlag struct {
	name string
	sink *[]string
	val  string
}

func (f *buildFlag) String() string { return f.val }
func (f *buildFlag) Set(s string) error {
	f.val = s
	*f.sink = append(*f.sink, "-"+f.name+"="+s)
	return nil
}

// newFlagSet declares every flag of the standalone driver.
func newFlagSet(o *options, version *bool, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("mapguard", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.format, "format", "text", "output `format`: text, json or sarif")
	jsonFlag := &formatAlias{o: o}
	fs.Var(jsonFlag, "json", "same as -format=json")
	fs.BoolVar(&o.fix, "fix", false, "apply suggested fixes (the first fix of each diagnostic)")
	fs.BoolVar(&o.diff, "diff", false, "print suggested fixes as a unified diff instead of applying them")
	fs.IntVar(&o.context, "c", -1, "text format: display the offending line with this many `lines` of context")
	fs.BoolVar(&o.tests, "test", true, "report diagnostics in _test.go files")
	fs.StringVar(&o.dir, "C", "", "change to `dir` before running (file names are printed relative to it)")
	fs.BoolVar(version, "version", false, "print mapguard's version and exit")
	for _, name := range []string{"tags", "mod", "modfile", "overlay", "pgo", "toolexec"} {
		fs.Var(&buildFlag{name: name, sink: &o.build}, name, "`value` of go build flag -"+name+", passed to go vet")
	}
	for _, a := range passes.Analyzers() {
		fs.Var(&rawFlag{name: a.Name, isBool: true, sink: &o.tool}, a.Name,
			fmt.Sprintf("enable the %s check (-%s=false disables it; setting any check to true runs only those)", a.Name, a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			b, ok := f.Value.(interface{ IsBoolFlag() bool })
			v := f.DefValue
			fs.Var(&rawFlag{name: a.Name + "." + f.Name, isBool: ok && b.IsBoolFlag(), sink: &o.tool, value: &v},
				a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprint(out, usageText)
		fs.PrintDefaults()
	}
	return fs
}

type formatAlias struct{ o *options }

func (f *formatAlias) String() string   { return "false" }
func (f *formatAlias) IsBoolFlag() bool { return true }
func (f *formatAlias) Set(s string) error {
	switch strings.ToLower(s) {
	case "1", "t", "true":
		f.o.format = "json"
	case "0", "f", "false":
	default:
		return errors.New("want true or false")
	}
	return nil
}

// standalone runs the driver on the command line args and returns the exit
// status.
func standalone(args []string) int {
	return runMain(args, os.Stdout, os.Stderr)
}

func runMain(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return help(args[1:], stdout, stderr)
		case "vet":
			return vetPassthrough(args[1:], stderr)
		case "version":
			printVersion(stdout)
			return exitClean
		}
	}
	var o options
	var version bool
	fs := newFlagSet(&o, &version, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if version {
		printVersion(stdout)
		return exitClean
	}
	switch o.format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "mapguard: unknown -format %q (want text, json or sarif)\n", o.format)
		return exitUsage
	}
	if o.fix && o.diff {
		o.fix = false // -fix -diff means: show, don't write (as in go vet -fix -diff)
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	self, err := selfPath()
	if err != nil {
		fmt.Fprintf(stderr, "mapguard: cannot find own executable: %v\n", err)
		return exitUsage
	}
	goCmd, err := goCommand()
	if err != nil {
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
		return exitUsage
	}
	base, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
		return exitUsage
	}
	if o.dir != "" {
		base, err = filepath.Abs(o.dir)
		if err != nil {
			fmt.Fprintf(stderr, "mapguard: -C: %v\n", err)
			return exitUsage
		}
	}

	inv := &vetInvocation{goCmd: goCmd, self: self, dir: o.dir, build: o.build, tool: o.tool, patterns: patterns}
	rep, err := inv.run()
	if err != nil {
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
		return exitUsage
	}
	if rep.Notes != "" {
		io.WriteString(stderr, rep.Notes)
	}
	if !o.tests {
		kept := rep.Diagnostics[:0]
		for _, d := range rep.Diagnostics {
			if !strings.HasSuffix(d.File, "_test.go") {
				kept = append(kept, d)
			}
		}
		rep.Diagnostics = kept
	}
	sortReport(rep)

	code := exitClean
	switch {
	case o.fix || o.diff:
		code = runFixes(rep, &o, base, stdout, stderr)
	default:
		if len(rep.Diagnostics) > 0 {
			code = exitFindings
		}
		if err := writeReport(stdout, rep, o.format, base, o.context); err != nil {
			fmt.Fprintf(stderr, "mapguard: %v\n", err)
			return exitUsage
		}
	}
	if len(rep.Errors) > 0 {
		printErrors(stderr, rep.Errors)
		code = exitErrors
	}
	return code
}

func printErrors(w io.Writer, errs []*PackageError) {
	n := 0
	for _, e := range errs {
		if e.Package != "" {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(w, "mapguard: %d package(s) could not be analysed:\n", n)
	} else {
		fmt.Fprintf(w, "mapguard: errors while loading packages:\n")
	}
	for _, e := range errs {
		msg := strings.ReplaceAll(strings.TrimSpace(e.Message), "\n", "\n\t\t")
		if e.Package != "" {
			fmt.Fprintf(w, "\t%s:\n\t\t%s\n", e.Package, msg)
		} else {
			fmt.Fprintf(w, "\t%s\n", strings.ReplaceAll(strings.TrimSpace(e.Message), "\n", "\n\t"))
		}
	}
}

// runFixes applies (-fix) or shows (-diff) the first suggested fix of each
// diagnostic, then reports the diagnostics left unfixed.
func runFixes(rep *Report, o *options, base string, stdout, stderr io.Writer) int {
	var cands []*Diagnostic
	var unfixed []*Diagnostic
	for _, d := range rep.Diagnostics {
		if len(d.Fixes) > 0 {
			cands = append(cands, d)
		} else {
			unfixed = append(unfixed, d)
		}
	}
	res := planFixes(cands)
	for _, c := range res.Conflicts {
		fmt.Fprintf(stderr, "mapguard: %s:%d:%d: fix %q (%s) not applied: %s\n",
			relPath(base, c.Diag.File), c.Diag.Line, c.Diag.Column, c.Diag.Fixes[0].Message, c.Diag.Check, c.Reason)
		unfixed = append(unfixed, c.Diag)
	}
	code := exitClean
	var out fixOutcome
	if o.diff {
		out = res.WriteDiff(stdout, base)
	} else {
		out = res.Apply()
	}
	for _, err := range out.Errors {
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
	}
	if len(out.Written) > 0 {
		if o.diff {
			code = exitFindings // a non-empty diff
		} else {
			fmt.Fprintf(stderr, "mapguard: applied %d fix(es) to %d file(s)\n", out.Fixed, len(out.Written))
		}
	}
	unfixed = append(unfixed, out.Unfixed...)
	if len(unfixed) > 0 || len(out.Errors) > 0 {
		code = exitFindings
	}
	sortDiags(unfixed)
	if o.diff {
		// stdout holds the patch; the diagnostics left unfixed go to stderr.
		writeText(stderr, &Report{Diagnostics: unfixed}, base, -1)
		return code
	}
	if err := writeReport(stdout, &Report{Diagnostics: unfixed, Errors: rep.Errors}, o.format, base, o.context); err != nil {
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
		return exitUsage
	}
	return code
}

func sortDiags(ds []*Diagnostic) {
	r := &Report{Diagnostics: ds}
	sortReport(r)
}

// selfPath returns the absolute path of this executable (go vet needs one).
func selfPath() (string, error) {
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	if q, err := filepath.EvalSymlinks(p); err == nil {
		p = q
	}
	return filepath.Abs(p)
}

// goCommand finds the go command: $PATH first, then the GOROOT mapguard
// was built with.
func goCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", errors.New(`cannot find the "go" command in $PATH`)
}

// vetPassthrough runs go vet -vettool=<self> with the given arguments,
// connected to our standard streams, and returns its exit status.
func vetPassthrough(args []string, stderr io.Writer) int {
	self, err := selfPath()
	if err != nil {
		fmt.Fprintf(stderr, "mapguard: cannot find own executable: %v\n", err)
		return exitUsage
	}
	goCmd, err := goCommand()
	if err != nil {
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
		return exitUsage
	}
	cmd := exec.Command(goCmd, append([]string{"vet", "-vettool=" + self}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		fmt.Fprintf(stderr, "mapguard: %v\n", err)
		return exitUsage
	}
	return exitClean
}

// version returns mapguard's version: the module version when installed
// with go install ...@version, else "devel" plus the VCS revision.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
				if len(rev) > 12 {
					rev = rev[:12]
				}
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			v += " " + rev + dirty
		}
	}
	return v
}

func printVersion(w io.Writer) {
	fmt.Fprintf(w, "mapguard %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// help implements "mapguard help [check]".
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usageText)
		var o options
		var v bool
		fs := newFlagSet(&o, &v, stdout)
		fs.VisitAll(func(f *flag.Flag) {
			if strings.Contains(f.Name, ".") || passes.Lookup(f.Name) != nil {
				return // listed with the checks
			}
			name, usage := flag.UnquoteUsage(f)
			if name != "" {
				name = " " + name
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(stdout, "  -%s%s\n    \t%s%s\n", f.Name, name, usage, def)
		})
		fmt.Fprintf(stdout, "\nChecks (mapguard help <check> for documentation and flags; -<check>=false disables one):\n")
		width := 0
		for _, a := range passes.Analyzers() {
			width = max(width, len(a.Name))
		}
		for _, a := range passes.Analyzers() {
			fmt.Fprintf(stdout, "  %-*s  %s\n", width, a.Name, summary(a))
		}
		return exitClean
	}
	status := exitClean
	for _, name := range args {
		a := passes.Lookup(name)
		if a == nil {
			fmt.Fprintf(stderr, "mapguard: no check named %q (known: %s)\n", name, strings.Join(passes.Names(), ", "))
			status = exitUsage
			continue
		}
		printCheckHelp(stdout, a)
	}
	return status
}

func summary(a *analysis.Analyzer) string {
	s, _, _ := strings.Cut(a.Doc, "\n")
	return strings.TrimSpace(s)
}

func printCheckHelp(w io.Writer, a *analysis.Analyzer) {
	fmt.Fprintf(w, "%s: %s\n", a.Name, strings.TrimSpace(a.Doc))
	if a.URL != "" {
		fmt.Fprintf(w, "\nDocumentation: %s\n", a.URL)
	}
	var flags []*flag.Flag
	a.Flags.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	sort.Slice(flags, func(i, j int) bool { return flags[i].Name < flags[j].Name })
	if len(flags) > 0 {
		fmt.Fprintf(w, "\nFlags:\n")
		for _, f := range flags {
			name, usage := flag.UnquoteUsage(f)
			if name != "" {
				name = " " + name
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(w, "  -%s.%s%s\n    \t%s%s\n", a.Name, f.Name, name, usage, def)
		}
	}
	fmt.Fprintln(w)
}

// suiteAnalyzer returns the suite analyzer named check, or nil.
func suiteAnalyzer(check string) *analysis.Analyzer { return passes.Lookup(check) }
