package imports

type Query struct {
	Params map[string]string
}

func (q Query) With(k, v string) Query {
	q.Params[k] = v // want `q.Params mutates a map shared with the caller's receiver`
	return q
}
