package copies

import "strings"

// Options is a builder in the "With*" style: each method returns a modified
// copy, so callers expect the receiver to stay unchanged.
type Options struct {
	Timeout int
	Headers map[string]string
	Meta    Meta
}

type Meta struct {
	Labels map[string]string
}

func (o Options) WithHeader(k, v string) Options {
	o.Headers[k] = v // want `assignment to an entry of o.Headers mutates a map shared with the caller's receiver`
	return o
}

// The nil check makes a map only when there is none: a non-nil map is
// still the caller's.
func (o Options) WithHeaderInit(k, v string) Options {
	if o.Headers == nil {
		o.Headers = make(map[string]string)
	}
	o.Headers[strings.ToLower(k)] = v // want `o.Headers mutates a map shared with the caller's receiver`
	return o
}

func (o Options) WithoutHeader(k string) *Options {
	// Deleting from the copy's map deletes from the caller's.
	delete(o.Headers, k) // want `delete on o.Headers mutates a map shared with the caller's receiver`
	return &o
}

// Nested value struct: o.Meta.Labels is still the caller's map.
func (o Options) WithLabel(k, v string) Options {
	o.Meta.Labels[k] = v // want `o.Meta.Labels mutates a map shared with the caller's receiver`
	return o
}

// A value parameter is a copy too.
func WithDefaults(o Options) Options {
	h := o.Headers
	h["User-Agent"] = "mapguard" // want `h \(o.Headers\) mutates a map shared with the caller's argument`
	o.Timeout = 30
	return o
}

// Copying through a pointer: c is a new Options, its Headers the old map.
func derive(base *Options, trace string) *Options {
	c := *base // a shallow copy
	c.Headers["X-Trace"] = trace // want `c.Headers mutates a map shared with \*base`
	return &c
}

var defaultOptions = Options{Timeout: 10, Headers: map[string]string{"Accept": "*/*"}}

// The package-level defaults are changed by every request.
func requestOptions(auth string) Options {
	o := defaultOptions
	o.Headers["Authorization"] = auth // want `o.Headers mutates a map shared with defaultOptions`
	return o
}
