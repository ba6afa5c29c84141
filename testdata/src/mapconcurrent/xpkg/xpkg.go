// Package xpkg races through helpers of another package (mapaccess facts).
package xpkg

import (
	"sync"

	"mapconcurrent/helper"
)

func countAll(words []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			helper.Record(m, w) // want "map `m` is written here \\(calls helper.Record, which writes m \\(helper.go:9\\)\\) by goroutines started in a loop"
		}()
	}
	wg.Wait()
	return m
}

func setAdd(s helper.Set, keys []string) {
	for _, k := range keys {
		go s.Add(k) // want "map `s` is written here \\(\\(helper.Set\\).Add writes s \\(helper.go:32\\)\\) by goroutines started in a loop"
	}
}

func readWhileHelperWrites(m map[string]int) int {
	go helper.Record(m, "x") // want "map `m` is written here \\(helper.Record writes m \\(helper.go:9\\)\\) by the goroutine started at L31 while the starting function reads it at L32"
	return helper.Lookup(m, "x")
}

func viaHelperGo(keys []string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		helper.Go(func() {
			m[k] = true // want "map `m` is written here by goroutines started in a loop at L38"
		})
	}
	return m
}
