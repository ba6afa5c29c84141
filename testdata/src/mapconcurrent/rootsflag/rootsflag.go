// Package rootsflag uses a worker pool named with -mapconcurrent.roots.
package rootsflag

type Pool struct{ jobs chan func() }

func (p *Pool) Submit(f func()) { p.jobs <- f }

func tally(p *Pool, words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		p.Submit(func() {
			m[w]++ // want "map `m` is written here by goroutines started in a loop"
		})
	}
	return m
}
