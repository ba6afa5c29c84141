// Package toml is a stub of github.com/BurntSushi/toml for mapguard's
// fixtures: the API signatures only.
package toml

import (
	"io"
	"io/fs"
)

type MetaData struct{}

func Unmarshal(data []byte, v any) error                        { return nil }
func Decode(data string, v any) (MetaData, error)               { return MetaData{}, nil }
func DecodeFile(path string, v any) (MetaData, error)           { return MetaData{}, nil }
func DecodeFS(fsys fs.FS, path string, v any) (MetaData, error) { return MetaData{}, nil }

type Decoder struct{}

func NewDecoder(r io.Reader) *Decoder               { return &Decoder{} }
func (dec *Decoder) Decode(v any) (MetaData, error) { return MetaData{}, nil }
