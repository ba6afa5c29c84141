package joinsneg

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// A stub handler records what the client sent; the test makes one request at
// a time and reads the record after the call returned (slack's API tests).
type recorder struct {
	got map[string]string
}

func (r *recorder) handle(w http.ResponseWriter, req *http.Request) {
	_ = req.ParseForm()
	for k := range req.Form {
		r.got[k] = req.Form.Get(k)
	}
}

func TestStubHandler(t *testing.T) {
	var rec *recorder
	http.HandleFunc("/pins.add", func(w http.ResponseWriter, req *http.Request) { rec.handle(w, req) })
	srv := httptest.NewServer(http.DefaultServeMux)
	defer srv.Close()
	for _, ch := range []string{"a", "b"} {
		rec = &recorder{got: map[string]string{}}
		resp, err := http.PostForm(srv.URL+"/pins.add", map[string][]string{"channel": {ch}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if rec.got["channel"] != ch {
			t.Errorf("got %v", rec.got)
		}
	}
}

// A ServeHTTP stub declared in a test file.
type counter struct{ hits map[string]int }

func (c *counter) ServeHTTP(w http.ResponseWriter, req *http.Request) { c.hits[req.URL.Path]++ }

func TestCounter(t *testing.T) {
	c := &counter{hits: map[string]int{}}
	srv := httptest.NewServer(c)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c.hits["/x"] != 1 {
		t.Errorf("hits %v", c.hits)
	}
}
