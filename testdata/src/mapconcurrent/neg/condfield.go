package neg

import (
	"strings"
	"sync"
)

// The lock is taken under a flag of the caller's options, and the write sits
// under the same flag later in the function: whenever the write runs, the
// lock is held (river's riverdbtest schema sharing).
var (
	schemas   = map[string]string{}
	schemasMu sync.RWMutex
)

type SchemaOpts struct{ DisableSharing bool }

func SchemaFor(key string, opts *SchemaOpts) string {
	if opts == nil {
		opts = &SchemaOpts{}
	}
	if !opts.DisableSharing {
		schemasMu.RLock()
		s := schemas[key]
		schemasMu.RUnlock()
		if s != "" {
			return s
		}
		schemasMu.Lock()
		defer schemasMu.Unlock()
	}
	schema := "schema_" + strings.ToLower(key)
	if !opts.DisableSharing {
		schemas[key] = schema
	}
	return schema
}

// The same with the options passed by value.
func SchemaForValue(key string, opts SchemaOpts) string {
	if !opts.DisableSharing {
		schemasMu.Lock()
		defer schemasMu.Unlock()
	}
	schema := "v_" + key
	if !opts.DisableSharing {
		schemas[key] = schema
	}
	return schema
}

func startSchemas() {
	for _, k := range []string{"a", "b"} {
		go SchemaFor(k, nil)
		go SchemaForValue(k, SchemaOpts{})
	}
}
