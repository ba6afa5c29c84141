package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// writeReport prints rep in the given format. File names are made relative
// to base when they lie inside it.
func writeReport(w io.Writer, rep *Report, format, base string, context int) error {
	switch format {
	case "json":
		return writeJSON(w, rep, base)
	case "sarif":
		return writeSARIF(w, rep, base)
	default:
		return writeText(w, rep, base, context)
	}
}

// writeText prints one line per diagnostic, "file:line:col: message (check)",
// followed by its related information indented by a tab.
func writeText(w io.Writer, rep *Report, base string, context int) error {
	bw := bufio.NewWriter(w)
	for _, d := range rep.Diagnostics {
		fmt.Fprintf(bw, "%s: %s (%s)\n", textPos(base, d.File, d.Line, d.Column), d.Message, d.Check)
		printContext(bw, d.File, d.Line, d.EndLine, context)
		for _, r := range d.Related {
			fmt.Fprintf(bw, "\t%s: %s\n", textPos(base, r.File, r.Line, r.Column), r.Message)
		}
	}
	return bw.Flush()
}

func textPos(base, file string, line, col int) string {
	f := relPath(base, file)
	switch {
	case f == "":
		return "-"
	case line == 0:
		return f
	case col == 0:
		return fmt.Sprintf("%s:%d", f, line)
	}
	return fmt.Sprintf("%s:%d:%d", f, line, col)
}

func printContext(w io.Writer, file string, line, endLine, n int) {
	if n < 0 || file == "" || line == 0 {
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	if endLine < line {
		endLine = line
	}
	lines := strings.Split(string(data), "\n")
	for i := line - n; i <= endLine+n; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// The -format=json schema. Editor integrations parse it: change it only
// compatibly, and document the change in docs/usage.md.
type outJSON struct {
	Diagnostics []outDiagnostic `json:"diagnostics"`
	Errors      []outError      `json:"errors"`
}

type outDiagnostic struct {
	Check     string       `json:"check"`
	File      string       `json:"file"`
	Line      int          `json:"line"`
	Column    int          `json:"column"`
	EndLine   int          `json:"end_line"`
	EndColumn int          `json:"end_column"`
	Message   string       `json:"message"`
	URL       string       `json:"url"`
	Related   []outRelated `json:"related"`
	Fixes     []outFix     `json:"fixes"`
}

type outRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type outFix struct {
	Message string    `json:"message"`
	Edits   []outEdit `json:"edits"`
}

type outEdit struct {
	File    string `json:"file"`
	Offset  int    `json:"offset"`
	End     int    `json:"end"`
	NewText string `json:"new_text"`
}

type outError struct {
	Package string `json:"package"`
	Message string `json:"message"`
}

func toJSON(rep *Report, base string) outJSON {
	out := outJSON{Diagnostics: []outDiagnostic{}, Errors: []outError{}}
	for _, d := range rep.Diagnostics {
		od := outDiagnostic{
			Check: d.Check, File: relPath(base, d.File),
			Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn,
			Message: d.Message, URL: d.URL,
			Related: []outRelated{}, Fixes: []outFix{},
		}
		for _, r := range d.Related {
			od.Related = append(od.Related, outRelated{File: relPath(base, r.File), Line: r.Line, Column: r.Column, Message: r.Message})
		}
		for _, f := range d.Fixes {
			of := outFix{Message: f.Message, Edits: []outEdit{}}
			for _, e := range f.Edits {
				of.Edits = append(of.Edits, outEdit{File: relPath(base, e.File), Offset: e.Offset, End: e.End, NewText: e.NewText})
			}
			od.Fixes = append(od.Fixes, of)
		}
		out.Diagnostics = append(out.Diagnostics, od)
	}
	for _, e := range rep.Errors {
		out.Errors = append(out.Errors, outError{Package: e.Package, Message: e.Message})
	}
	return out
}

func writeJSON(w io.Writer, rep *Report, base string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(toJSON(rep, base))
}
