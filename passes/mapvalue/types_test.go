package mapvalue

import (
	"go/types"
	"testing"
)

func TestCanonAndResolve(t *testing.T) {
	empty := types.NewInterfaceType(nil, nil).Complete()
	anyMap := types.NewMap(types.Typ[types.String], empty)
	cases := []struct {
		typ  types.Type
		want string
	}{
		{types.Typ[types.Float64], "float64"},
		{types.Universe.Lookup("byte").Type(), "uint8"},
		{types.Universe.Lookup("any").Type(), "interface {}"},
		{anyMap, "map[string]interface {}"},
		{types.NewSlice(anyMap), "[]map[string]interface {}"},
		{types.NewMap(empty, empty), "map[interface {}]interface {}"},
		{types.NewStruct(nil, nil), ""},
	}
	r := newResolver(types.NewPackage("p", "p"))
	for _, c := range cases {
		if got := canon(c.typ); got != c.want {
			t.Errorf("canon(%v) = %q, want %q", c.typ, got, c.want)
		}
		if c.want == "" {
			continue
		}
		if back := r.resolve(c.want); back == nil || !types.Identical(back, c.typ) {
			t.Errorf("resolve(%q) = %v, want %v", c.want, back, c.typ)
		}
	}
	if r.resolve("encoding/json.Number") != nil {
		t.Errorf("resolved a named type from a package not imported")
	}
}

func TestShortAndPkgName(t *testing.T) {
	for in, want := range map[string]string{
		"map[interface {}]interface {}":                  "map[any]any",
		"github.com/pelletier/go-toml/v2.LocalDate":      "toml.LocalDate",
		"[]encoding/json.Number":                         "[]json.Number",
		"*example.com/a/b.T":                             "*b.T",
		"map[string]github.com/BurntSushi/toml.MetaData": "map[string]toml.MetaData",
	} {
		if got := short(in, nil); got != want {
			t.Errorf("short(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"encoding/json":                   "json",
		"gopkg.in/yaml.v2":                "yaml",
		"go.yaml.in/yaml/v3":              "yaml",
		"github.com/pelletier/go-toml/v2": "toml",
		"github.com/BurntSushi/toml":      "toml",
	} {
		if got := pkgName(in); got != want {
			t.Errorf("pkgName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFamily(t *testing.T) {
	for desc, want := range map[string]string{
		"int": "number", "float64": "number", "encoding/json.Number": "number",
		"time.Time": "time", "github.com/pelletier/go-toml/v2.LocalDate": "time",
		"map[string]interface {}": "map", "[]interface {}": "slice", "string": "string", "bool": "bool",
	} {
		if got := family(possible{desc: desc}); got != want {
			t.Errorf("family(%q) = %q, want %q", desc, got, want)
		}
	}
	if got := family(possible{typ: types.Typ[types.Int64]}); got != "number" {
		t.Errorf("family(int64 type) = %q", got)
	}
}
