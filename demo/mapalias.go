package demo

import "time"

// requestOptions configures one outgoing request. Callers start from
// defaultRequestOptions and add what they need with the With* methods,
// which return a modified copy.
type requestOptions struct {
	timeout time.Duration
	headers map[string]string
}

var defaultRequestOptions = requestOptions{
	timeout: 10 * time.Second,
	headers: map[string]string{"Accept": "application/json"},
}

// withHeader was meant to leave its receiver alone, but copying the struct
// does not copy its headers map: every call also adds the header to
// defaultRequestOptions, so one caller's Authorization leaks into every
// later request, and concurrent calls race on the shared map.
func (o requestOptions) withHeader(k, v string) requestOptions {
	o.headers[k] = v
	return o
}

// withTimeout shows the intended shape: a field of the copy changes, the
// original does not.
func (o requestOptions) withTimeout(d time.Duration) requestOptions {
	o.timeout = d
	return o
}

var _ = defaultRequestOptions.withHeader("Authorization", "Bearer t").withTimeout(time.Second)
