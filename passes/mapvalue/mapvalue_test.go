package mapvalue_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapvalue"
)

// One run for all positive fixtures: each run analyses the standard
// library packages the fixtures import, for facts.
func TestPositives(t *testing.T) {
	results := analysistest.Run(t, mapvalue.Analyzer,
		"mapvalue/jsonpos",  // encoding/json: variables, nesting, range, slices, returns, UseNumber, structs
		"mapvalue/decoders", // yaml.v2, yaml.v3, go.yaml.in/yaml/v3, BurntSushi/toml, pelletier/go-toml/v2
		"mapvalue/stored",   // stored types: local map, unexported field, package variable
		"mapvalue/cfglib",   // facts: returns decoded/stored maps, writes parameters
		"mapvalue/cfguse",   // assertions on another package's maps
	)
	analysistest.AssertRelated(t, results)
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, mapvalue.Analyzer, "mapvalue/neg", "mapvalue/cfgneg", "mapvalue/deadcases_off")
}

func TestFix(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.RunWithSuggestedFixes(t, mapvalue.Analyzer, "mapvalue/fix"))
}

func TestDeadCasesFlag(t *testing.T) {
	if err := mapvalue.Analyzer.Flags.Set("deadcases", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapvalue.Analyzer.Flags.Set("deadcases", "false")
	analysistest.AssertRelated(t, analysistest.Run(t, mapvalue.Analyzer, "mapvalue/deadcases"))
}
