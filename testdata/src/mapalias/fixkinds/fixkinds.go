package fixkinds

import (
	"net/http"
	"sync"

	"mapalias/model"
)

// Values with references: a shallow copy would still share the slices.
type Route struct {
	Params map[string][]string
}

func (r Route) WithParam(k, v string) Route {
	r.Params[k] = append(r.Params[k], v) // want `r.Params mutates a map shared with the caller's receiver`
	return r
}

// A value type with a pointer DeepCopy method.
type Job struct {
	Specs map[string]*model.Spec
}

func (j Job) WithSpec(name string, s *model.Spec) Job {
	j.Specs[name] = s // want `j.Specs mutates a map shared with the caller's receiver`
	return j
}

// A value type with a value DeepCopy method.
type Policy struct {
	Selectors map[string]model.Selector
}

func (p Policy) WithSelector(name string, s model.Selector) Policy {
	p.Selectors[name] = s // want `p.Selectors mutates a map shared with the caller's receiver`
	return p
}

// A struct of another package: its map values still have DeepCopy.
func Extend(c model.Catalog, name string) model.Catalog {
	delete(c.Specs, name) // want `c.Specs mutates a map shared with the caller's argument`
	return c
}

// http.Header copies itself, value slices included.
type Request struct {
	Header http.Header
}

func (r Request) WithAuth(token string) Request {
	r.Header.Set("Authorization", "Bearer "+token) // want `call to Set on r.Header mutates a map shared with the caller's receiver`
	return r
}

// Values holding locks, channels or funcs: reported, no fix.
type Hub struct {
	subs  map[string]chan string
	hooks map[string]func()
	locks map[string]*sync.Mutex
}

func (h Hub) WithSub(name string) Hub {
	h.subs[name] = make(chan string) // want `h.subs mutates .*no automatic fix: its values hold a channel`
	return h
}

func (h Hub) WithHook(name string, f func()) Hub {
	h.hooks[name] = f // want `h.hooks mutates .*no automatic fix: its values hold a func`
	return h
}

func (h Hub) WithLock(name string) Hub {
	h.locks[name] = new(sync.Mutex) // want `h.locks mutates .*no automatic fix: its values hold a sync.Mutex`
	return h
}
