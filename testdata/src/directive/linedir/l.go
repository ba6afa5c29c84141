package linedir

type Opts struct{ H map[string]string }

// Positions below are remapped to another file by a //line directive, as in
// cmd/cgo translations: the wrapped check keeps the diagnostic but drops its
// fix, whose offsets would land in the wrong file.
//line gram.y:100
func (o Opts) With(k, v string) Opts {
	o.H[k] = v // want `o.H mutates a map shared with the caller's receiver`
	return o
}
