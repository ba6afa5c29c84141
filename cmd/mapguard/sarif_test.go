package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// validateSARIF checks log against the parts of the SARIF 2.1.0 schema
// (required properties, types, enums) and of GitHub code scanning's
// requirements that mapguard's output uses, and returns the results. It is
// a structural check written from the specification, not a validation
// against the official JSON schema (no JSON-schema validator is available
// without a new dependency).
func validateSARIF(t *testing.T, log map[string]any, base string) []map[string]any {
	t.Helper()
	obj := func(v any, what string) map[string]any {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: want an object, got %T", what, v)
		}
		return m
	}
	arr := func(v any, what string) []any {
		t.Helper()
		a, ok := v.([]any)
		if !ok {
			t.Fatalf("%s: want an array, got %T", what, v)
		}
		return a
	}
	str := func(m map[string]any, key, what string) string {
		t.Helper()
		s, ok := m[key].(string)
		if !ok || s == "" {
			t.Errorf("%s.%s: want a non-empty string, got %v", what, key, m[key])
		}
		return s
	}
	posInt := func(m map[string]any, key, what string, min float64) {
		t.Helper()
		if v, ok := m[key]; ok {
			if f, ok := v.(float64); !ok || f < min || f != float64(int(f)) {
				t.Errorf("%s.%s: want an integer >= %v, got %v", what, key, min, v)
			}
		}
	}
	message := func(v any, what string) {
		t.Helper()
		str(obj(v, what), "text", what)
	}

	if log["version"] != "2.1.0" {
		t.Errorf("version = %v, want 2.1.0", log["version"])
	}
	if s, _ := log["$schema"].(string); !strings.Contains(s, "sarif") || !strings.Contains(s, "2.1.0") {
		t.Errorf("$schema = %v", log["$schema"])
	}
	runs := arr(log["runs"], "runs")
	if len(runs) != 1 {
		t.Fatalf("want 1 run, got %d", len(runs))
	}
	run := obj(runs[0], "run")
	driver := obj(obj(run["tool"], "tool")["driver"], "driver")
	str(driver, "name", "driver")
	str(driver, "version", "driver")
	if u, err := url.Parse(str(driver, "informationUri", "driver")); err != nil || !u.IsAbs() {
		t.Errorf("driver.informationUri not an absolute URI")
	}
	rules := arr(driver["rules"], "rules")
	ruleIDs := make([]string, len(rules))
	for i, r := range rules {
		rule := obj(r, "rule")
		ruleIDs[i] = str(rule, "id", "rule")
		message(rule["shortDescription"], "rule.shortDescription")
		message(rule["fullDescription"], "rule.fullDescription")
		message(rule["help"], "rule.help")
		if u, err := url.Parse(str(rule, "helpUri", "rule")); err != nil || !u.IsAbs() {
			t.Errorf("rule %s: helpUri not absolute", ruleIDs[i])
		}
		lvl := obj(rule["defaultConfiguration"], "defaultConfiguration")["level"]
		if !isLevel(lvl) {
			t.Errorf("rule %s: bad level %v", ruleIDs[i], lvl)
		}
	}
	if ck := run["columnKind"]; ck != "unicodeCodePoints" && ck != "utf16CodeUnits" {
		t.Errorf("columnKind = %v", ck)
	}
	if bases, ok := run["originalUriBaseIds"]; ok {
		root := obj(obj(bases, "originalUriBaseIds")["%SRCROOT%"], "%SRCROOT%")
		u, err := url.Parse(str(root, "uri", "%SRCROOT%"))
		if err != nil || u.Scheme != "file" || !strings.HasSuffix(u.Path, "/") {
			t.Errorf("%%SRCROOT%% must be an absolute file URI ending in /: %v", root["uri"])
		}
	}
	for _, inv := range arr(run["invocations"], "invocations") {
		if _, ok := obj(inv, "invocation")["executionSuccessful"].(bool); !ok {
			t.Errorf("invocation.executionSuccessful missing")
		}
	}
	physical := func(v any, what string) {
		t.Helper()
		loc := obj(obj(v, what)["physicalLocation"], what+".physicalLocation")
		art := obj(loc["artifactLocation"], what+".artifactLocation")
		uri := str(art, "uri", what+".artifactLocation")
		u, err := url.Parse(uri)
		if err != nil {
			t.Errorf("%s: bad uri %q", what, uri)
		}
		if art["uriBaseId"] == "%SRCROOT%" {
			if u.IsAbs() || strings.HasPrefix(uri, "/") {
				t.Errorf("%s: uri %q relative to %%SRCROOT%% must be relative", what, uri)
			}
		} else if u.Scheme != "file" {
			t.Errorf("%s: uri %q neither relative to %%SRCROOT%% nor absolute", what, uri)
		}
		if r, ok := loc["region"]; ok {
			region := obj(r, what+".region")
			if _, ok := region["startLine"]; !ok {
				t.Errorf("%s: region without startLine", what)
			}
			for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
				posInt(region, k, what+".region", 1)
			}
		}
	}
	var results []map[string]any
	for _, r := range arr(run["results"], "results") {
		res := obj(r, "result")
		results = append(results, res)
		id := str(res, "ruleId", "result")
		idx, ok := res["ruleIndex"].(float64)
		if !ok || int(idx) < 0 || int(idx) >= len(ruleIDs) || ruleIDs[int(idx)] != id {
			t.Errorf("result %s: ruleIndex %v does not name its rule", id, res["ruleIndex"])
		}
		if !isLevel(res["level"]) {
			t.Errorf("result %s: bad level %v", id, res["level"])
		}
		message(res["message"], "result.message")
		locs := arr(res["locations"], "result.locations")
		if len(locs) != 1 {
			t.Errorf("result %s: want 1 location, got %d", id, len(locs))
		}
		for _, l := range locs {
			physical(l, "location")
		}
		if rel, ok := res["relatedLocations"]; ok {
			for _, l := range arr(rel, "relatedLocations") {
				physical(l, "relatedLocation")
				lm := obj(l, "relatedLocation")
				message(lm["message"], "relatedLocation.message")
				posInt(lm, "id", "relatedLocation", 0)
			}
		}
		if fixes, ok := res["fixes"]; ok {
			for _, f := range arr(fixes, "fixes") {
				fix := obj(f, "fix")
				message(fix["description"], "fix.description")
				changes := arr(fix["artifactChanges"], "fix.artifactChanges")
				if len(changes) == 0 {
					t.Errorf("fix without artifactChanges")
				}
				for _, c := range changes {
					ch := obj(c, "artifactChange")
					str(obj(ch["artifactLocation"], "artifactChange.artifactLocation"), "uri", "artifactLocation")
					reps := arr(ch["replacements"], "replacements")
					if len(reps) == 0 {
						t.Errorf("artifactChange without replacements")
					}
					for _, rp := range reps {
						del := obj(obj(rp, "replacement")["deletedRegion"], "deletedRegion")
						posInt(del, "byteOffset", "deletedRegion", 0)
						posInt(del, "byteLength", "deletedRegion", 0)
						if _, ok := del["byteOffset"]; !ok {
							t.Errorf("deletedRegion without byteOffset")
						}
					}
				}
			}
		}
	}
	return results
}

func isLevel(v any) bool {
	switch v {
	case "none", "note", "warning", "error":
		return true
	}
	return false
}

// TestSARIFUnit covers what the fixtures cannot produce yet: related
// locations, fixes, non-ASCII columns, files outside the root.
func TestSARIFUnit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/a.go", "package a\n\nvar s = \"héllo\"; var m map[string]int\n")
	rep := &Report{Diagnostics: []*Diagnostic{{
		Check: "nilmap", File: dir + "/a.go", Line: 3, Column: 20, EndLine: 3, EndColumn: 23,
		Message: "msg", URL: "https://example.com/x",
		Related: []Related{{File: dir + "/a.go", Line: 1, Column: 1, Message: "declared here"}, {File: "/elsewhere/b.go", Line: 2, Column: 3, Message: "outside"}},
		Fixes:   []Fix{{Message: "make it", Edits: []Edit{{File: dir + "/a.go", Offset: 5, End: 7, NewText: "x"}, {File: dir + "/a.go", Offset: 9, End: 9, NewText: ""}}}},
	}}, Errors: []*PackageError{{Package: "p", Message: "boom"}}}
	var sb strings.Builder
	if err := writeSARIF(&sb, rep, dir); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(sb.String()), &log); err != nil {
		t.Fatal(err)
	}
	results := validateSARIF(t, log, dir)
	if len(results) != 1 {
		t.Fatalf("want 1 result, got %d", len(results))
	}
	region := results[0]["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
	// "é" is two bytes: byte column 20 is code point column 19.
	if region["startColumn"] != float64(19) || region["endColumn"] != float64(22) {
		t.Errorf("columns not converted to code points: %v", region)
	}
	rel := results[0]["relatedLocations"].([]any)
	if len(rel) != 2 {
		t.Fatalf("related: %v", rel)
	}
	out := rel[1].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)
	if out["uri"] != "file:///elsewhere/b.go" || out["uriBaseId"] != nil {
		t.Errorf("file outside the root: %v", out)
	}
	if !strings.Contains(sb.String(), `"executionSuccessful": false`) {
		t.Errorf("errors not recorded in the invocation")
	}
}
