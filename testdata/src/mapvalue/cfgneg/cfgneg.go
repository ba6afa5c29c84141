// Package cfgneg is correct use of another package's decoded maps.
package cfgneg

import (
	"encoding/json"
	"io"

	"mapvalue/cfglib"
)

// ApplyDefaults stores an int: the assertion can hold.
func port(path string) int {
	cfg, _ := cfglib.Load(path)
	cfglib.ApplyDefaults(cfg)
	return cfg["port"].(int)
}

func ratio(r io.Reader) float64 {
	f, _ := cfglib.LoadNumbers(r)["ratio"].(interface{ Float64() (float64, error) })
	v, _ := f.Float64()
	return v
}

func workers() int { return cfglib.Builtins()["workers"].(int) }

// A map type that decodes itself holds what its UnmarshalJSON stores.
func labels(data []byte) int {
	var l cfglib.Labels
	json.Unmarshal(data, &l)
	return l["n"].(int)
}
