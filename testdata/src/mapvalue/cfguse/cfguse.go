// Package cfguse asserts on maps another package decoded.
package cfguse

import (
	"fmt"
	"io"

	"mapvalue/cfglib"
)

func port(path string) int {
	cfg, err := cfglib.Load(path)
	if err != nil {
		return 0
	}
	fmt.Println(cfglib.Keys(cfg), cfg)
	return cfg["port"].(int) // want `panics: cfg\["port"\] holds a value decoded by encoding/json, never int \(numbers are float64\)`
}

func ratio(r io.Reader) float64 {
	cfg := cfglib.LoadNumbers(r)
	f, _ := cfg["ratio"].(float64) // want `never matches: cfg\["ratio"\] holds a value decoded by encoding/json with UseNumber, never float64 \(numbers are json.Number\)`
	return f
}

func timeout(l *cfglib.Loader, data []byte) int64 {
	return l.Section(data, "http")["timeout"].(int64) // want `panics: .* decoded by gopkg.in/yaml.v3, never int64`
}

func workers() bool {
	return cfglib.Builtins()["workers"].(bool) // want `panics: cfglib.Builtins\(\)\["workers"\] holds only values stored by cfglib.Builtins, never bool \(possible: int, string\)`
}
