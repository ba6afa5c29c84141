package passes

import "github.com/mapguard/mapguard/passes/mapalias"

func init() { register(40, mapalias.Analyzer) }
