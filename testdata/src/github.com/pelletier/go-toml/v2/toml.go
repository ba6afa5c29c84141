// Package toml is a stub of github.com/pelletier/go-toml/v2 for mapguard's
// fixtures: the API signatures only.
package toml

import "io"

func Unmarshal(data []byte, v interface{}) error { return nil }

type Decoder struct{}

func NewDecoder(r io.Reader) *Decoder              { return &Decoder{} }
func (d *Decoder) DisallowUnknownFields() *Decoder { return d }
func (d *Decoder) Decode(v interface{}) error      { return nil }

type LocalDate struct{ Year, Month, Day int }
type LocalTime struct{ Hour, Minute, Second, Nanosecond, Precision int }
type LocalDateTime struct {
	LocalDate
	LocalTime
}

func (d LocalDate) String() string     { return "" }
func (d LocalTime) String() string     { return "" }
func (d LocalDateTime) String() string { return "" }
