package linedir

type Opts struct{ H map[string]string }

// A //line directive (goyacc, other generators that are not marked as
// generated) must not derail the fix's indentation.
//line gram.y:100
func (o Opts) With(k, v string) Opts {
	o.H[k] = v // want `o.H mutates a map shared with the caller's receiver`
	return o
}
