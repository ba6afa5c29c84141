package main

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/mapguard/mapguard/passes"
	"github.com/mapguard/mapguard/passes/directive"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the subset
// GitHub code scanning reads.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	toolURI      = "https://github.com/mapguard/mapguard"
	srcRoot      = "%SRCROOT%"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Invocations        []sarifInvocation           `json:"invocations"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion       `json:"deletedRegion"`
	InsertedContent *sarifInsertedTxt `json:"insertedContent,omitempty"`
}

type sarifInsertedTxt struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

// checkLevel is the SARIF level of a check's results: the checks report
// bugs (error); the directive audit reports hygiene (warning).
func checkLevel(check string) string {
	if check == directive.Name {
		return "warning"
	}
	return "error"
}

func buildSARIF(rep *Report, base string) sarifLog {
	var rules []sarifRule
	index := make(map[string]int)
	for _, a := range passes.Analyzers() {
		short := summary(a)
		full := strings.TrimSpace(a.Doc)
		help := full
		md := full
		if a.URL != "" {
			help += "\n\nDocumentation: " + a.URL
			md += "\n\n[Documentation](" + a.URL + ")"
		}
		index[a.Name] = len(rules)
		rules = append(rules, sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{Text: short},
			FullDescription:      sarifText{Text: full},
			Help:                 sarifText{Text: help, Markdown: md},
			HelpURI:              a.URL,
			DefaultConfiguration: sarifRuleConfig{Level: checkLevel(a.Name)},
			Properties:           map[string]any{"tags": []string{"go", "maps", "correctness"}},
		})
	}
	cols := newColumnConverter()
	loc := func(file string, line, col, endLine, endCol int, msg string, id *int) sarifLocation {
		l := sarifLocation{ID: id, PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifact(base, file)}}
		if line > 0 {
			r := &sarifRegion{StartLine: line}
			if col > 0 {
				r.StartColumn = cols.convert(file, line, col)
			}
			if endLine >= line && endLine > 0 {
				r.EndLine = endLine
				if endCol > 0 {
					r.EndColumn = cols.convert(file, endLine, endCol)
				}
			}
			l.PhysicalLocation.Region = r
		}
		if msg != "" {
			l.Message = &sarifText{Text: msg}
		}
		return l
	}
	results := []sarifResult{}
	for _, d := range rep.Diagnostics {
		i, ok := index[d.Check]
		if !ok {
			// Not a suite check (cannot happen with our own binary as the
			// tool); describe it anyway so the log stays valid.
			i = len(rules)
			index[d.Check] = i
			rules = append(rules, sarifRule{ID: d.Check, Name: d.Check,
				ShortDescription: sarifText{Text: d.Check}, FullDescription: sarifText{Text: d.Check},
				Help: sarifText{Text: d.Check}, DefaultConfiguration: sarifRuleConfig{Level: "warning"}})
		}
		res := sarifResult{
			RuleID:    d.Check,
			RuleIndex: i,
			Level:     rules[i].DefaultConfiguration.Level,
			Message:   sarifText{Text: d.Message},
			Locations: []sarifLocation{loc(d.File, d.Line, d.Column, d.EndLine, d.EndColumn, "", nil)},
		}
		for k, r := range d.Related {
			id := k + 1
			res.RelatedLocations = append(res.RelatedLocations, loc(r.File, r.Line, r.Column, 0, 0, r.Message, &id))
		}
		for _, f := range d.Fixes {
			sf := sarifFix{Description: sarifText{Text: f.Message}}
			byFile := make(map[string]int)
			for _, e := range f.Edits {
				j, ok := byFile[e.File]
				if !ok {
					j = len(sf.ArtifactChanges)
					byFile[e.File] = j
					sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifact(base, e.File)})
				}
				off, n := e.Offset, e.End-e.Offset
				rep := sarifReplacement{DeletedRegion: sarifRegion{ByteOffset: &off, ByteLength: &n}}
				if e.NewText != "" {
					rep.InsertedContent = &sarifInsertedTxt{Text: e.NewText}
				}
				sf.ArtifactChanges[j].Replacements = append(sf.ArtifactChanges[j].Replacements, rep)
			}
			if len(sf.ArtifactChanges) > 0 {
				res.Fixes = append(res.Fixes, sf)
			}
		}
		results = append(results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: len(rep.Errors) == 0}
	for _, e := range rep.Errors {
		msg := e.Message
		if e.Package != "" {
			msg = e.Package + ": " + msg
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{Text: msg}})
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "mapguard", Version: version(), InformationURI: toolURI, Rules: rules,
		}},
		Results:     results,
		Invocations: []sarifInvocation{inv},
		ColumnKind:  "unicodeCodePoints",
	}
	if base != "" {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(base) + "/"}
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: u.String()}}
	}
	return sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// artifact returns the location of file: relative to %SRCROOT% when inside
// base, else an absolute file URI.
func artifact(base, file string) sarifArtifactLoc {
	rel := relPath(base, file)
	if rel == "" || filepath.IsAbs(filepath.FromSlash(rel)) {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
		return sarifArtifactLoc{URI: u.String()}
	}
	u := url.URL{Path: rel}
	return sarifArtifactLoc{URI: u.String(), URIBaseID: srcRoot}
}

func writeSARIF(w io.Writer, rep *Report, base string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(buildSARIF(rep, base))
}

// columnConverter turns go/token byte columns into the code-point columns
// SARIF's columnKind "unicodeCodePoints" requires.
type columnConverter struct {
	files map[string][]string
}

func newColumnConverter() *columnConverter {
	return &columnConverter{files: make(map[string][]string)}
}

func (c *columnConverter) convert(file string, line, col int) int {
	lines, ok := c.files[file]
	if !ok {
		if data, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.files[file] = lines
	}
	if line < 1 || line > len(lines) {
		return col
	}
	l := lines[line-1]
	if col-1 > len(l) {
		return col
	}
	return utf8.RuneCountInString(l[:col-1]) + 1
}
