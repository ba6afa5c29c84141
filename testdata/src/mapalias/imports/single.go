package imports

import "strings"

type Env struct {
	Vars map[string]string
}

func (e Env) Upper(k string) Env {
	e.Vars[k] = strings.ToUpper(e.Vars[k]) // want `e.Vars mutates a map shared with the caller's receiver`
	return e
}
