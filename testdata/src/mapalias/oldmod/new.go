//go:build go1.22

package oldmod

// This file says it needs Go 1.22: its fix may use maps.Clone.
func (o Options) WithHeaderNew(k, v string) Options {
	o.Headers[k] = v // want `o.Headers mutates a map shared with the caller's receiver`
	return o
}

type Routes struct {
	Backends map[string][]string
}

// Go 1.22 has maps.Clone, but mapsafe needs Go 1.24: the values hold
// references, so mapsafe.DeepCopyMap would be the fix — reported, no fix.
func (r Routes) WithBackend(k, v string) Routes {
	r.Backends[k] = append(r.Backends[k], v) // want `r.Backends mutates .*no automatic fix: this file's Go version is older than 1.24, which mapsafe.DeepCopyMap needs`
	return r
}
