package decodertest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"testing"
	"testing/fstest"

	burntsushi "github.com/BurntSushi/toml"
	"github.com/mapguard/mapguard/internal/provenance"
	pelletier "github.com/pelletier/go-toml/v2"
	goyaml3 "go.yaml.in/yaml/v3"
	yaml2 "gopkg.in/yaml.v2"
	yaml3 "gopkg.in/yaml.v3"
)

// Documents hold every kind of value each format has, nested in mappings
// and sequences, so that the types found are those of nested values too.
const jsonDoc = `{"i": 1, "f": 1.5, "b": true, "s": "x", "n": null, "a": [1, "x", {"k": 2}],
 "m": {"k": [2.5, false]}, "big": 18446744073709551616}`

const yamlDoc = `
i: 1
f: 1.5
b: true
s: x
n: null
tilde: ~
a: [1, x, {k: 2}]
m: {k: [2.5, false], nested: {deep: 1}}
intkeys: {1: one, 2: two}
big: 18446744073709551615
bigger: 36893488147419103232
hex: 0x10
inf: .inf
ts: 2001-12-14t21:59:43.10-05:00
date: 2002-12-14
tagged: !!timestamp 2001-12-14
bin: !!binary aGVsbG8=
seq_of_maps: [{a: 1}, {b: 2}]
`

const tomlDoc = `
i = 1
f = 1.5
b = true
s = "x"
odt = 1979-05-27T07:32:00Z
ldt = 1979-05-27T07:32:00
ld = 1979-05-27
lt = 07:32:00
a = [1, "x", { k = 2 }]
nested_arrays = [[1], ["a"]]
inf = inf
inline = { x = 1 }
[m]
k = [2.5, false]
[m.sub]
deep = 1
[[tables]]
y = 2
[[tables]]
z = 3
`

// describe prints t the way provenance types are written.
func describe(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() != "" {
			return t.PkgPath() + "." + t.Name()
		}
		return t.Name()
	}
	switch t.Kind() {
	case reflect.Slice:
		return "[]" + describe(t.Elem())
	case reflect.Map:
		return "map[" + describe(t.Key()) + "]" + describe(t.Elem())
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "interface {}"
		}
	}
	return t.String()
}

// collect records the dynamic type of every interface value reachable from v.
func collect(v reflect.Value, seen map[string]bool) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			seen["nil"] = true
			return
		}
		seen[describe(v.Elem().Type())] = true
		collect(v.Elem(), seen)
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			collect(iter.Value(), seen)
			if v.Type().Key().Kind() == reflect.Interface {
				collect(iter.Key(), make(map[string]bool)) // keys are not values
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			collect(v.Index(i), seen)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			collect(v.Elem(), seen)
		}
	}
}

// decodeFunc decodes doc into target (a pointer) with one entry point.
type decodeFunc func(t *testing.T, doc string, target any) error

func writeTemp(t *testing.T, doc string) string {
	name := filepath.Join(t.TempDir(), "doc")
	if err := os.WriteFile(name, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// entries maps "path recv.name" (as in the table) to a call of that entry.
// Every table entry must appear here and vice versa, so a renamed or added
// entry cannot go unchecked.
var entries = map[string]decodeFunc{
	"encoding/json Unmarshal": func(_ *testing.T, doc string, v any) error { return json.Unmarshal([]byte(doc), v) },
	"encoding/json Decoder.Decode": func(_ *testing.T, doc string, v any) error {
		return json.NewDecoder(bytes.NewReader([]byte(doc))).Decode(v)
	},

	"gopkg.in/yaml.v2 Unmarshal":       func(_ *testing.T, doc string, v any) error { return yaml2.Unmarshal([]byte(doc), v) },
	"gopkg.in/yaml.v2 UnmarshalStrict": func(_ *testing.T, doc string, v any) error { return yaml2.UnmarshalStrict([]byte(doc), v) },
	"gopkg.in/yaml.v2 Decoder.Decode": func(_ *testing.T, doc string, v any) error {
		return yaml2.NewDecoder(bytes.NewReader([]byte(doc))).Decode(v)
	},

	"gopkg.in/yaml.v3 Unmarshal": func(_ *testing.T, doc string, v any) error { return yaml3.Unmarshal([]byte(doc), v) },
	"gopkg.in/yaml.v3 Decoder.Decode": func(_ *testing.T, doc string, v any) error {
		return yaml3.NewDecoder(bytes.NewReader([]byte(doc))).Decode(v)
	},
	"gopkg.in/yaml.v3 Node.Decode": func(_ *testing.T, doc string, v any) error {
		var n yaml3.Node
		if err := yaml3.Unmarshal([]byte(doc), &n); err != nil {
			return err
		}
		return n.Decode(v)
	},

	"go.yaml.in/yaml/v3 Unmarshal": func(_ *testing.T, doc string, v any) error { return goyaml3.Unmarshal([]byte(doc), v) },
	"go.yaml.in/yaml/v3 Decoder.Decode": func(_ *testing.T, doc string, v any) error {
		return goyaml3.NewDecoder(bytes.NewReader([]byte(doc))).Decode(v)
	},
	"go.yaml.in/yaml/v3 Node.Decode": func(_ *testing.T, doc string, v any) error {
		var n goyaml3.Node
		if err := goyaml3.Unmarshal([]byte(doc), &n); err != nil {
			return err
		}
		return n.Decode(v)
	},

	"github.com/BurntSushi/toml Unmarshal": func(_ *testing.T, doc string, v any) error { return burntsushi.Unmarshal([]byte(doc), v) },
	"github.com/BurntSushi/toml Decode": func(_ *testing.T, doc string, v any) error {
		_, err := burntsushi.Decode(doc, v)
		return err
	},
	"github.com/BurntSushi/toml DecodeFile": func(t *testing.T, doc string, v any) error {
		_, err := burntsushi.DecodeFile(writeTemp(t, doc), v)
		return err
	},
	"github.com/BurntSushi/toml DecodeFS": func(_ *testing.T, doc string, v any) error {
		_, err := burntsushi.DecodeFS(fstest.MapFS{"doc.toml": {Data: []byte(doc)}}, "doc.toml", v)
		return err
	},
	"github.com/BurntSushi/toml DecodeReader": func(_ *testing.T, doc string, v any) error {
		_, err := burntsushi.DecodeReader(bytes.NewReader([]byte(doc)), v) //nolint:staticcheck // deprecated but still an entry point
		return err
	},
	"github.com/BurntSushi/toml Decoder.Decode": func(_ *testing.T, doc string, v any) error {
		_, err := burntsushi.NewDecoder(bytes.NewReader([]byte(doc))).Decode(v)
		return err
	},

	"github.com/pelletier/go-toml/v2 Unmarshal": func(_ *testing.T, doc string, v any) error { return pelletier.Unmarshal([]byte(doc), v) },
	"github.com/pelletier/go-toml/v2 Decoder.Decode": func(_ *testing.T, doc string, v any) error {
		return pelletier.NewDecoder(bytes.NewReader([]byte(doc))).Decode(v)
	},
}

// options maps "path recv.method" to an entry that decodes with the option
// set.
var options = map[string]decodeFunc{
	"encoding/json Decoder.UseNumber": func(_ *testing.T, doc string, v any) error {
		d := json.NewDecoder(bytes.NewReader([]byte(doc)))
		d.UseNumber()
		return d.Decode(v)
	},
}

func docFor(path string) string {
	switch path {
	case "encoding/json":
		return jsonDoc
	case "github.com/BurntSushi/toml", "github.com/pelletier/go-toml/v2":
		return tomlDoc
	}
	return yamlDoc
}

func entryKey(d *provenance.Decoder, recv, name string) string {
	if recv != "" {
		name = recv + "." + name
	}
	return d.Path + " " + name
}

// found decodes doc with f into a map[string]any and into an any and
// returns the dynamic types seen in both.
func found(t *testing.T, f decodeFunc, doc string) map[string]bool {
	t.Helper()
	seen := make(map[string]bool)
	var m map[string]any
	if err := f(t, doc, &m); err != nil {
		t.Fatalf("decoding into map[string]any: %v", err)
	}
	collect(reflect.ValueOf(m), seen)
	var v any
	if err := f(t, doc, &v); err != nil {
		t.Fatalf("decoding into any: %v", err)
	}
	collect(reflect.ValueOf(&v).Elem(), seen)
	return seen
}

func compare(t *testing.T, seen map[string]bool, table []string) {
	t.Helper()
	for _, typ := range table {
		if !seen[typ] {
			t.Errorf("table lists %s, which decoding never produced", typ)
		}
	}
	var extra []string
	for typ := range seen {
		if !slices.Contains(table, typ) {
			extra = append(extra, typ)
		}
	}
	sort.Strings(extra)
	for _, typ := range extra {
		t.Errorf("decoding produced %s, which the table does not list", typ)
	}
}

func TestTableMatchesDecoders(t *testing.T) {
	if strconv.IntSize != 64 {
		t.Skip("the documents are built for 64-bit int; Types32 covers 32-bit platforms")
	}
	keys := make(map[string]bool)
	for i := range provenance.Decoders {
		d := &provenance.Decoders[i]
		for _, e := range d.Entries {
			key := entryKey(d, e.Recv, e.Name)
			keys[key] = true
			f := entries[key]
			if f == nil {
				t.Errorf("table entry %q has no test decoder in entries", key)
				continue
			}
			t.Run(key, func(t *testing.T) { compare(t, found(t, f, docFor(d.Path)), d.TypeSet(nil, nil, false)) })
		}
		for j := range d.Options {
			o := &d.Options[j]
			key := entryKey(d, o.Recv, o.Method)
			keys[key] = true
			f := options[key]
			if f == nil {
				t.Errorf("table option %q has no test decoder in options", key)
				continue
			}
			t.Run(key, func(t *testing.T) {
				compare(t, found(t, f, docFor(d.Path)), d.TypeSet([]*provenance.Option{o}, nil, false))
			})
		}
	}
	for key := range entries {
		if !keys[key] {
			t.Errorf("entries has %q, which the table does not list", key)
		}
	}
	for key := range options {
		if !keys[key] {
			t.Errorf("options has %q, which the table does not list", key)
		}
	}
}

// TestMaybeOption checks the union used when the analyzer cannot tell
// whether an option was set.
func TestMaybeOption(t *testing.T) {
	d := provenance.Lookup("encoding/json")
	o := d.Option("Decoder", "UseNumber")
	got := d.TypeSet(nil, []*provenance.Option{o}, false)
	if !slices.Contains(got, "float64") || !slices.Contains(got, "encoding/json.Number") {
		t.Errorf("maybe-UseNumber set %v lacks float64 or json.Number", got)
	}
}

// TestYAMLv2TopLevel documents why yaml.v2 has no map[string]interface{}
// in its table: only a top-level target typed map[string]... gets string
// keys; nested mappings never do.
func TestYAMLv2TopLevel(t *testing.T) {
	var v any
	if err := yaml2.Unmarshal([]byte("a: {b: 1}"), &v); err != nil {
		t.Fatal(err)
	}
	if _, ok := v.(map[interface{}]interface{}); !ok {
		t.Errorf("yaml.v2 top-level into any: %T, want map[interface{}]interface{}", v)
	}
}
