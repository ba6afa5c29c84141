// Package decoders holds never-succeeding assertions on values decoded by
// the YAML and TOML libraries.
package decoders

import (
	"io"
	"time"

	burntsushi "github.com/BurntSushi/toml"
	pelletier "github.com/pelletier/go-toml/v2"
	yaml3alt "go.yaml.in/yaml/v3"
	yaml2 "gopkg.in/yaml.v2"
	yaml3 "gopkg.in/yaml.v3"
)

// yaml.v2: nested mappings are map[interface{}]interface{}.
func yamlV2DB(data []byte) string {
	var cfg map[string]interface{}
	if err := yaml2.Unmarshal(data, &cfg); err != nil {
		return ""
	}
	db := cfg["database"].(map[string]interface{}) // want `panics: cfg\["database"\] holds a value decoded by gopkg.in/yaml.v2, never map\[string\]interface\{\} \(maps are map\[any\]any\)`
	return db["host"].(string)
}

// yaml.v2 strict: integers are int, never int64.
func yamlV2Size(data []byte) int64 {
	var cfg map[string]any
	yaml2.UnmarshalStrict(data, &cfg)
	n, _ := cfg["size"].(int64) // want `never matches: cfg\["size"\] holds a value decoded by gopkg.in/yaml.v2, never int64 \(numbers are float64, int or uint64\)`
	return n
}

// yaml.v2 Decoder: timestamps stay strings.
func yamlV2Created(r io.Reader) time.Time {
	var doc map[string]any
	yaml2.NewDecoder(r).Decode(&doc)
	return doc["created"].(time.Time) // want `panics: doc\["created"\] holds a value decoded by gopkg.in/yaml.v2, never time.Time`
}

// yaml.v3: integers are int.
func yamlV3Replicas(data []byte) int64 {
	var cfg map[string]any
	yaml3.Unmarshal(data, &cfg)
	return cfg["replicas"].(int64) // want `panics: cfg\["replicas"\] holds a value decoded by gopkg.in/yaml.v3, never int64 \(numbers are float64, int or uint64\)`
}

// go.yaml.in/yaml/v3 through a Node.
func yamlV3Node(n *yaml3alt.Node) float32 {
	var v any
	n.Decode(&v)
	m := v.(map[string]any)
	switch x := m["ratio"].(type) {
	case float32: // want `never matches: case float32: m\["ratio"\] holds a value decoded by go.yaml.in/yaml/v3, never float32`
		return x
	case string:
		return 0
	}
	return 1
}

// BurntSushi/toml: integers are int64; arrays of tables are
// []map[string]interface{}.
func tomlPort(data string) int {
	var cfg map[string]any
	if _, err := burntsushi.Decode(data, &cfg); err != nil {
		return 0
	}
	return cfg["port"].(int) // want `panics: cfg\["port"\] holds a value decoded by github.com/BurntSushi/toml, never int \(numbers are float64 or int64\)`
}

func tomlServers(path string) int {
	var cfg map[string]any
	burntsushi.DecodeFile(path, &cfg)
	n := 0
	for _, s := range cfg["servers"].([]map[string]any) {
		if _, ok := s["weight"].(float32); ok { // want `never matches: s\["weight"\] holds a value decoded by github.com/BurntSushi/toml`
			n++
		}
	}
	return n
}

// pelletier/go-toml/v2: integers are int64, local dates toml.LocalDate.
func pelletierWorkers(r io.Reader) int {
	var cfg map[string]any
	pelletier.NewDecoder(r).Decode(&cfg)
	return int(cfg["workers"].(uint64)) // want `panics: cfg\["workers"\] holds a value decoded by github.com/pelletier/go-toml/v2, never uint64 \(numbers are float64 or int64\)`
}

func pelletierArrays(data []byte) []string {
	var cfg map[string]any
	pelletier.Unmarshal(data, &cfg)
	tables, _ := cfg["tables"].([]map[string]any) // want `never matches: .* never \[\]map\[string\]any \(lists are \[\]any\)`
	var out []string
	for _, t := range tables {
		out = append(out, t["name"].(string))
	}
	return out
}
