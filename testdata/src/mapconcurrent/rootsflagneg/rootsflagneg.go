// Package rootsflagneg is rootsflag without the roots flag: silent.
package rootsflagneg

type Pool struct{ jobs chan func() }

func (p *Pool) Submit(f func()) { p.jobs <- f }

func tally(p *Pool, words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		p.Submit(func() {
			m[w]++
		})
	}
	return m
}
