package passes

import "github.com/mapguard/mapguard/passes/guardedmap"

func init() { register(30, guardedmap.Analyzer) }
