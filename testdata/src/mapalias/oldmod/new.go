//go:build go1.22

package oldmod

// This file says it needs Go 1.22: its fix may use maps.Clone.
func (o Options) WithHeaderNew(k, v string) Options {
	o.Headers[k] = v // want `o.Headers mutates a map shared with the caller's receiver`
	return o
}
