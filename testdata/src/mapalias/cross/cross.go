package cross

import (
	"net/url"

	"mapalias/lib"
)

type Job struct {
	Env map[string]string
}

// The helper from another package writes the map: facts carry that.
func (j Job) WithDefaults(defaults map[string]string) Job {
	lib.Merge(j.Env, defaults) // want `call to Merge on j.Env mutates a map shared with the caller's receiver`
	return j
}

type Link struct {
	Query url.Values
}

func (l Link) WithPage(p string) Link {
	l.Query.Set("page", p) // want `call to Set on l.Query mutates a map shared with the caller's receiver`
	return l
}
