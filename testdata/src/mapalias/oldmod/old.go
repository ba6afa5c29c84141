package oldmod

type Options struct {
	Headers map[string]string
}

// maps.Clone does not exist before Go 1.21: reported, no fix.
func (o Options) WithHeader(k, v string) Options {
	o.Headers[k] = v // want `o.Headers mutates .*no automatic fix: maps.Clone needs Go 1.21 and this file's Go version is older`
	return o
}
