// Package bench compares mapsafe with maps.Clone, hand-written copy loops,
// github.com/huandu/go-clone, sync.Map and github.com/puzpuzpuz/xsync/v4.
//
// It is a separate module so that mapsafe itself has no dependencies. Run
// from this directory:
//
//	go test -run '^$' -bench DeepCopy -benchmem -count 4 -benchtime 0.25s | tee bench.txt
//	BENCH_ORDER=reverse go test -run '^$' -bench DeepCopy -benchmem -count 4 -benchtime 0.25s | tee -a bench.txt
//	go test -run '^$' -bench Map -benchmem -count 6 -benchtime 200000x | tee -a bench.txt
//	benchstat -col /impl bench.txt
package bench
