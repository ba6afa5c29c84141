// Package neg is correct code the mapvalue check must not report.
package neg

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"time"

	burntsushi "github.com/BurntSushi/toml"
	pelletier "github.com/pelletier/go-toml/v2"
	yaml2 "gopkg.in/yaml.v2"
	yaml3 "gopkg.in/yaml.v3"
)

func port(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	if p, ok := cfg["port"].(float64); ok {
		return int(p)
	}
	return int(cfg["workers"].(float64)) + len(cfg["name"].(string))
}

// Stored after decoding: the value may now be an int.
func withDefault(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	if _, ok := cfg["port"]; !ok {
		cfg["port"] = 8080
	}
	return cfg["port"].(int)
}

// Defaults stored before decoding (Unmarshal keeps the map's entries).
func defaultsFirst(data []byte) int {
	cfg := map[string]any{"port": 8080}
	json.Unmarshal(data, &cfg)
	p, _ := cfg["port"].(int)
	return p
}

func applyDefaults(m map[string]any) {
	if m["timeout"] == nil {
		m["timeout"] = 30 * time.Second
	}
}

// A callee stores into the map.
func viaHelper(data []byte) time.Duration {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	applyDefaults(cfg)
	return cfg["timeout"].(time.Duration)
}

// maps.Copy stores into its first argument.
func merged(data []byte, defaults map[string]any) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	maps.Copy(cfg, defaults)
	return cfg["port"].(int)
}

// A closure stores into the map.
func closure(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	set := func() { cfg["port"] = 1 }
	set()
	return cfg["port"].(int)
}

// A func value may store into the map.
func hook(data []byte, fix func(map[string]any)) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	fix(cfg)
	return cfg["port"].(int)
}

// json.Number implements fmt.Stringer: with UseNumber this can succeed.
func stringer(r io.Reader) string {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var cfg map[string]any
	dec.Decode(&cfg)
	if s, ok := cfg["n"].(fmt.Stringer); ok {
		return s.String()
	}
	return cfg["m"].(json.Number).String()
}

// A decoder from elsewhere may have UseNumber set.
func decodeWith(dec *json.Decoder) (json.Number, float64) {
	var cfg map[string]any
	dec.Decode(&cfg)
	return cfg["a"].(json.Number), cfg["b"].(float64)
}

// Parameters hold anything.
func param(m map[string]any) int { return m["port"].(int) }

// Exported fields can be written by other packages.
type Config struct {
	Values map[string]any
}

func (c *Config) Load(data []byte) int {
	json.Unmarshal(data, &c.Values)
	return c.Values["port"].(int)
}

// A defensive switch: the int case is dead, but float64 handles numbers.
func defensive(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	switch v := cfg["port"].(type) {
	case int:
		return v
	case float64:
		return int(v)
	case nil:
		return 80
	}
	if n, ok := cfg["n"].(int); ok {
		return n
	} else if f, ok := cfg["n"].(float64); ok {
		return int(f)
	}
	return 0
}

// The right types for every other decoder.
func others(data []byte, r io.Reader) (int, map[interface{}]interface{}, int64, time.Time, pelletier.LocalDate, time.Time) {
	var a, b, c, d map[string]any
	yaml3.Unmarshal(data, &b)
	yaml2.Unmarshal(data, &a)
	burntsushi.Unmarshal(data, &c)
	pelletier.NewDecoder(r).Decode(&d)
	return b["n"].(int), a["db"].(map[interface{}]interface{}), c["n"].(int64), c["at"].(time.Time), d["day"].(pelletier.LocalDate), d["at"].(time.Time)
}

// yaml.v3 mappings with string keys are map[string]any.
func yamlNested(data []byte) string {
	var v any
	yaml3.Unmarshal(data, &v)
	return v.(map[string]any)["db"].(map[string]any)["host"].(string)
}

type sink interface{ Write([]byte) (int, error) }
type fileSink struct{}

func (fileSink) Write(p []byte) (int, error) { return len(p), nil }

// Stored types: correct assertions, an interface the stored type
// implements, a store of unknown type.
func stored(x any) (fileSink, sink, int) {
	m := map[string]any{"f": fileSink{}}
	u := map[string]any{"x": x}
	return m["f"].(fileSink), m["f"].(sink), u["x"].(int)
}

// The map's address escapes to a function that may store anything.
func fill(p *map[string]any) { (*p)["n"] = 1 }

func escaped() int {
	m := map[string]any{"s": "x"}
	fill(&m)
	return m["n"].(int)
}

// A value merged with one of unknown origin.
func merge(data []byte, fallback any) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	v := cfg["port"]
	if v == nil {
		v = fallback
	}
	return v.(int)
}

// Generic code.
func get[T any](m map[string]any, k string) T { return m[k].(T) }

func generic(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	return int(get[float64](cfg, "port"))
}

// A package variable written with an untracked value.
var registry = map[string]any{}

func register(name string, h any) { registry[name] = h }

func lookup(name string) fileSink { return registry[name].(fileSink) }

// A decoder the table does not know fills the variable by reflection.
func decodeInto(data []byte, v any) error { return json.Unmarshal(data, v) }

func unknownDecoder(data []byte) string {
	cfg := map[string]any{"name": 1}
	decodeInto(data, &cfg)
	return cfg["name"].(string)
}

// Response structs: fields not decoded, or the struct escapes.
func responses(data []byte, fill func(any)) (int, int, int) {
	var a struct {
		Data map[string]any `json:"-"`
	}
	json.Unmarshal(data, &a)
	var b struct{ Data map[string]any }
	json.Unmarshal(data, &b)
	fill(&b)
	var c struct{ Data map[string]any }
	json.Unmarshal(data, &c)
	c.Data = map[string]any{"n": 1}
	return a.Data["n"].(int), b.Data["n"].(int), c.Data["n"].(int)
}

// A response type that decodes itself: its interface-typed content holds
// the types its UnmarshalJSON stores (as in chat API clients).
type part interface{ kind() string }
type textPart struct{ Text string }

func (textPart) kind() string { return "text" }

type message struct {
	Role    string `json:"role"`
	Content []part `json:"content"`
}

func (m *message) UnmarshalJSON(data []byte) error {
	m.Content = append(m.Content, textPart{Text: string(data)})
	return nil
}

func selfDecoding(data []byte) (textPart, fmt.Stringer) {
	var m message
	json.Unmarshal(data, &m)
	var r struct{ Parts []part }
	json.Unmarshal(data, &r)
	s, _ := r.Parts[0].(fmt.Stringer)
	return m.Content[0].(textPart), s
}

// A variable's address stored in a struct that a call receives: the callee
// writes the variable through it (benthos' metrics path mapping passes
// &v as the mapping's output value), so its type switch may match
// anything the callee stores.
type nothing struct{}

type execContext struct {
	vars  map[string]any
	value *any
}

func (c execContext) withInput(any) execContext { return c }

func execOnto(c execContext) error {
	*c.value = "renamed"
	return nil
}

func mapPath(path string) string {
	var v any = nothing{}
	if err := execOnto(execContext{vars: map[string]any{}, value: &v}.withInput(path)); err != nil {
		return path
	}
	switch t := v.(type) {
	case nothing:
		return path
	case string:
		return t
	}
	return path
}
