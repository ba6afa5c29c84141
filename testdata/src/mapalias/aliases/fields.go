package aliases

import "net/http"

type Client struct {
	Header http.Header
	UA     string
}

type Request struct {
	URL    string
	Header http.Header
}

// The request was meant to start from the client's headers, but it shares
// them: every request's Content-Type lands in c.Header.
func (c *Client) NewRequest(url, contentType string) *Request {
	r := &Request{URL: url, Header: c.Header}
	r.Header.Set("Content-Type", contentType) // want `call to Set on r.Header mutates c.Header: r.Header = c.Header shares the map`
	return r
}

type Span struct {
	Tags map[string]string
}

var globalTags = map[string]string{"service": "api"}

func startSpan(op string) *Span {
	s := new(Span)
	s.Tags = globalTags
	s.Tags["op"] = op // want `s.Tags mutates the package-level map globalTags`
	return s
}
