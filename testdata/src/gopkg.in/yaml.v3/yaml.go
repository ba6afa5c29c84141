// Package yaml is a stub of gopkg.in/yaml.v3 for mapguard's fixtures: the API
// signatures only.
package yaml

import "io"

func Unmarshal(in []byte, out interface{}) error { return nil }
func Marshal(in interface{}) ([]byte, error)     { return nil, nil }

type Decoder struct{}

func NewDecoder(r io.Reader) *Decoder         { return &Decoder{} }
func (d *Decoder) KnownFields(enable bool)    {}
func (d *Decoder) Decode(v interface{}) error { return nil }

type Node struct{ Value string }

func (n *Node) Decode(v interface{}) error { return nil }
