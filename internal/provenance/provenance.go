// Package provenance is mapguard's table of decoders: for each library that
// decodes JSON, YAML or TOML into interface values, the calls that decode and
// the dynamic types the decoder can store in an interface{} anywhere in the
// decoded document (the values of map[string]any and []any, recursively).
//
// The table is the one place to extend when a decoder is added. It is plain
// data (standard library only) so that the test-only module
// internal/decodertest can check it against the real libraries: that module
// decodes documents with each library and fails if a dynamic type it finds is
// missing from the table, or a type in the table is never produced.
//
// Types are written as Go type syntax with full import paths, the way
// [Format] prints them: "float64", "[]interface {}",
// "map[string]interface {}", "time.Time",
// "github.com/pelletier/go-toml/v2.LocalDate". "nil" stands for the nil
// interface (null), which no type assertion matches.
package provenance

// An Entry is a function or method that decodes a document into the value
// its Arg-th argument points to.
type Entry struct {
	// Recv is the receiver's type name for a method ("Decoder"; the
	// receiver is always a pointer), empty for a package-level function.
	Recv string
	Name string
	// Arg is the index of the target among the call's arguments, not
	// counting the receiver.
	Arg int
}

// An Option is a method on a decoder's receiver that changes what it
// produces: calling it replaces type Replace by With.
type Option struct {
	Recv    string // receiver type name, e.g. "Decoder"
	Method  string // e.g. "UseNumber"
	Replace string
	With    string
}

// A Decoder describes one decoding library.
type Decoder struct {
	// Path is the library's import path; Name is how messages call it.
	Path, Name string
	Entries    []Entry
	// Types are the dynamic types a decoded document holds in its
	// interface values, on every platform.
	Types []string
	// Types32 are produced in addition on platforms where int is 32 bits
	// (integers that overflow int).
	Types32 []string
	Options []Option
}

const (
	iface    = "interface {}"
	anySlice = "[]interface {}"
	strMap   = "map[string]interface {}"
	anyMap   = "map[interface {}]interface {}"
)

func yamlV3(path string) Decoder {
	return Decoder{
		Path: path, Name: path,
		Entries: []Entry{
			{Name: "Unmarshal", Arg: 1},
			{Recv: "Decoder", Name: "Decode", Arg: 0},
			{Recv: "Node", Name: "Decode", Arg: 0},
		},
		// Mappings with only string keys decode as map[string]interface{};
		// others (e.g. integer keys) as map[interface{}]interface{}.
		// Timestamps, tagged or not, decode as time.Time; !!binary as string.
		Types:   []string{"nil", "bool", "int", "uint64", "float64", "string", "time.Time", anySlice, strMap, anyMap},
		Types32: []string{"int64"},
	}
}

// Decoders is the table. Order does not matter.
var Decoders = []Decoder{
	{
		Path: "encoding/json", Name: "encoding/json",
		Entries: []Entry{
			{Name: "Unmarshal", Arg: 1},
			{Recv: "Decoder", Name: "Decode", Arg: 0},
		},
		Types: []string{"nil", "bool", "float64", "string", anySlice, strMap},
		Options: []Option{
			{Recv: "Decoder", Method: "UseNumber", Replace: "float64", With: "encoding/json.Number"},
		},
	},
	{
		Path: "gopkg.in/yaml.v2", Name: "gopkg.in/yaml.v2",
		Entries: []Entry{
			{Name: "Unmarshal", Arg: 1},
			{Name: "UnmarshalStrict", Arg: 1},
			{Recv: "Decoder", Name: "Decode", Arg: 0},
		},
		// Every nested mapping is map[interface{}]interface{} (only a
		// top-level target of type map[string]... gets string keys).
		// Integers are int (uint64 beyond int64, float64 beyond uint64);
		// timestamps stay strings.
		Types:   []string{"nil", "bool", "int", "uint64", "float64", "string", anySlice, anyMap},
		Types32: []string{"int64"},
	},
	yamlV3("gopkg.in/yaml.v3"),
	yamlV3("go.yaml.in/yaml/v3"),
	{
		Path: "github.com/BurntSushi/toml", Name: "github.com/BurntSushi/toml",
		Entries: []Entry{
			{Name: "Unmarshal", Arg: 1},
			{Name: "Decode", Arg: 1},
			{Name: "DecodeFile", Arg: 1},
			{Name: "DecodeFS", Arg: 2},
			{Name: "DecodeReader", Arg: 1},
			{Recv: "Decoder", Name: "Decode", Arg: 0},
		},
		// Integers are int64; all date-times (local ones too) are
		// time.Time; arrays of tables are []map[string]interface{}.
		Types: []string{"bool", "int64", "float64", "string", "time.Time", anySlice, "[]" + strMap, strMap},
	},
	{
		Path: "github.com/pelletier/go-toml/v2", Name: "github.com/pelletier/go-toml/v2",
		Entries: []Entry{
			{Name: "Unmarshal", Arg: 1},
			{Recv: "Decoder", Name: "Decode", Arg: 0},
		},
		// Offset date-times are time.Time, local ones the package's
		// LocalDate, LocalTime and LocalDateTime; arrays of tables are
		// []interface{}.
		Types: []string{"bool", "int64", "float64", "string", "time.Time",
			"github.com/pelletier/go-toml/v2.LocalDate",
			"github.com/pelletier/go-toml/v2.LocalTime",
			"github.com/pelletier/go-toml/v2.LocalDateTime",
			anySlice, strMap},
	},
}

// Lookup returns the decoder with the given import path, or nil.
func Lookup(path string) *Decoder {
	for i := range Decoders {
		if Decoders[i].Path == path {
			return &Decoders[i]
		}
	}
	return nil
}

// Entry returns the entry of d for a function (recv == "") or method, or
// nil.
func (d *Decoder) Entry(recv, name string) *Entry {
	for i := range d.Entries {
		if e := &d.Entries[i]; e.Recv == recv && e.Name == name {
			return e
		}
	}
	return nil
}

// Option returns the option of d set by the method recv.method, or nil.
func (d *Decoder) Option(recv, method string) *Option {
	for i := range d.Options {
		if o := &d.Options[i]; o.Recv == recv && o.Method == method {
			return o
		}
	}
	return nil
}

// TypeSet returns the dynamic types d produces with the given options
// applied (on: the option was certainly used; maybe: it may have been, so
// both the replaced type and its replacement are possible), with the 32-bit
// types if int32 is true. "nil" is included.
func (d *Decoder) TypeSet(on, maybe []*Option, int32 bool) []string {
	var out []string
	seen := make(map[string]bool)
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range d.Types {
		replaced := false
		for _, o := range on {
			if o.Replace == t {
				add(o.With)
				replaced = true
			}
		}
		for _, o := range maybe {
			if o.Replace == t {
				add(o.With)
			}
		}
		if !replaced {
			add(t)
		}
	}
	if int32 {
		for _, t := range d.Types32 {
			add(t)
		}
	}
	return out
}
