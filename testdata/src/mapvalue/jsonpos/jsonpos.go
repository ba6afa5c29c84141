// Package jsonpos holds assertions on encoding/json values that can never
// succeed.
package jsonpos

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// Direct: the classic config bug.
func port(data []byte) int {
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		return 0
	}
	return cfg["port"].(int) // want `panics: cfg\["port"\] holds a value decoded by encoding/json, never int \(numbers are float64\)`
}

// Comma-ok: silently always the default.
func timeoutSeconds(data []byte) int {
	var cfg map[string]interface{}
	_ = json.Unmarshal(data, &cfg)
	if t, ok := cfg["timeout"].(int64); ok { // want `never matches: cfg\["timeout"\] holds a value decoded by encoding/json, never int64 \(numbers are float64\); the assertion always fails`
		return int(t)
	}
	return 30
}

// Nested indexing through an asserted map.
func dbTimeout(data []byte) time.Duration {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	db := cfg["db"].(map[string]any)
	return time.Duration(db["timeout"].(int)) * time.Second // want `panics: db\["timeout"\] holds a value decoded by encoding/json`
}

// Inline nesting.
func inline(data []byte) string {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	return cfg["db"].(map[string]any)["hosts"].([]string)[0] // want `panics: .* never \[\]string \(lists are \[\]any\)`
}

// Nested maps are map[string]any, never map[string]string.
func labels(data []byte) map[string]string {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	l, _ := cfg["labels"].(map[string]string) // want `never matches: .* never map\[string\]string \(maps are map\[string\]any\)`
	return l
}

// Range over the decoded map and over a decoded list.
func names(data []byte) []string {
	var doc map[string]any
	json.Unmarshal(data, &doc)
	var out []string
	for _, v := range doc {
		if n, ok := v.(int); ok { // want `never matches: v holds a value decoded by encoding/json, never int`
			out = append(out, fmt.Sprint(n))
		}
	}
	for _, item := range doc["items"].([]any) {
		m := item.(map[string]any)
		out = append(out, m["name"].(fmt.Stringer).String()) // want `panics: m\["name"\] holds a value decoded by encoding/json, never fmt.Stringer`
	}
	return out
}

// A type switch without any case for numbers: numbers fall to default.
func describe(data []byte) string {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	switch v := cfg["replicas"].(type) {
	case int: // want `never matches: case int: cfg\["replicas"\] holds a value decoded by encoding/json, never int \(numbers are float64\)`
		return fmt.Sprint(v)
	case string:
		return v
	}
	return "?"
}

// Decoder.Decode, into an any, with UseNumber: numbers are json.Number.
func fromReader(r io.Reader) float64 {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return 0
	}
	obj := v.(map[string]any)
	return obj["ratio"].(float64) // want `panics: obj\["ratio"\] holds a value decoded by encoding/json with UseNumber, never float64 \(numbers are json.Number\)`
}

// Decoder.Decode without UseNumber.
func fromFile(name string) int {
	f, _ := os.Open(name)
	defer f.Close()
	var cfg map[string]any
	json.NewDecoder(f).Decode(&cfg)
	n, _ := cfg["workers"].(int) // want `never matches: cfg\["workers"\]`
	return n
}

// A helper returning the decoded map: followed within the package.
func load(data []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func retries(data []byte) int {
	cfg, err := load(data)
	if err != nil {
		return 0
	}
	return cfg["retries"].(int) // want `panics: cfg\["retries"\] holds a value decoded by encoding/json`
}

// A slice of decoded documents.
func batch(data []byte) int {
	var docs []any
	json.Unmarshal(data, &docs)
	total := 0
	for i := range docs {
		total += docs[i].(map[string]any)["n"].(int) // want `panics: .* never int`
	}
	return total
}

// An unexported package variable filled by the decoder.
var settings map[string]any

func initSettings(data []byte) { json.Unmarshal(data, &settings) }

func verbose() bool {
	v, _ := settings["verbose"].(string)
	return v == "true" || settings["debug"].(int) > 0 // want `panics: settings\["debug"\] holds a value decoded by encoding/json`
}

// A map field of a local response struct.
func total(body io.Reader) int {
	var resp struct {
		Status string         `json:"status"`
		Data   map[string]any `json:"data"`
		Meta   any            `json:"meta"`
	}
	if err := json.NewDecoder(body).Decode(&resp); err != nil {
		return 0
	}
	if resp.Meta.(map[string]any)["page"].(int) > 1 { // want `panics: resp.Meta.\(map\[string\]any\)\["page"\] holds a value decoded by encoding/json, never int`
		return 0
	}
	return resp.Data["total"].(int) // want `panics: resp.Data\["total"\] holds a value decoded by encoding/json, never int \(numbers are float64\)`
}
