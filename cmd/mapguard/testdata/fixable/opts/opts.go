// Package opts is a builder whose With* methods return modified copies but
// share the caller's maps.
package opts

// Options configures a client.
type Options struct {
	Timeout int
	Headers map[string]string
	Labels  map[string]string
}

// WithHeader returns o with one more header; it also adds the header to the
// caller's Options, since o.Headers is the caller's map.
func (o Options) WithHeader(k, v string) Options {
	o.Headers[k] = v
	return o
}

// WithLabel has the same bug with another map.
func (o Options) WithLabel(k, v string) Options {
	o.Labels[k] = v
	return o
}
