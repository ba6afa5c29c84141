// Package cfglib loads configuration documents; its facts tell other
// packages what the returned maps hold.
package cfglib

import (
	"encoding/json"
	"io"
	"os"

	yaml "gopkg.in/yaml.v3"
)

// Load decodes a JSON file.
func Load(path string) (map[string]any, error) { // want Load:`returns\(0:encoding/json\)`
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// LoadNumbers decodes with UseNumber.
func LoadNumbers(r io.Reader) map[string]any { // want LoadNumbers:`returns\(0:encoding/json\+UseNumber\)`
	d := json.NewDecoder(r)
	d.UseNumber()
	var cfg map[string]any
	d.Decode(&cfg)
	return cfg
}

// Loader loads YAML.
type Loader struct{ Path string }

// Section decodes a YAML file and returns one section of it.
func (l *Loader) Section(data []byte, name string) map[string]any { // want Section:`returns\(0:gopkg.in/yaml.v3\)`
	var doc map[string]any
	yaml.Unmarshal(data, &doc)
	sec, _ := doc[name].(map[string]any)
	return sec
}

// Builtins returns a map whose every value this package stores.
func Builtins() map[string]any { // want Builtins:`returns\(0:int@0,string@0\)`
	return map[string]any{"workers": 4, "name": "default"}
}

// ApplyDefaults stores into its argument.
func ApplyDefaults(cfg map[string]any) { // want ApplyDefaults:`writes\[0\]`
	if _, ok := cfg["port"]; !ok {
		cfg["port"] = 8080
	}
}

// Keys only reads its argument.
func Keys(cfg map[string]any) []string {
	var ks []string
	for k := range cfg {
		ks = append(ks, k)
	}
	return ks
}

// Labels decodes itself.
type Labels map[string]any

// UnmarshalJSON stores the document's length.
func (l *Labels) UnmarshalJSON(data []byte) error { // want UnmarshalJSON:`writes\[0\]`
	*l = Labels{"n": len(data)}
	return nil
}
