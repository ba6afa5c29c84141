// Package yaml is a stub of gopkg.in/yaml.v2 for mapguard's fixtures: the
// API signatures only.
package yaml

import "io"

func Unmarshal(in []byte, out interface{}) error       { return nil }
func UnmarshalStrict(in []byte, out interface{}) error { return nil }
func Marshal(in interface{}) ([]byte, error)           { return nil, nil }

type Decoder struct{}

func NewDecoder(r io.Reader) *Decoder         { return &Decoder{} }
func (d *Decoder) SetStrict(strict bool)      {}
func (d *Decoder) Decode(v interface{}) error { return nil }
