#!/bin/sh
# Reproduces the numbers in mapsafe/README.md: each comparison is measured
# side by side in `go test` runs and summarised by benchstat (medians).
# Deep copies use a time budget per sample and run twice, 4 samples with the
# implementations of each case in their listed order and 4 in reverse order
# (the position shifts CPU time on a shared machine), pooled into 8 samples.
# The concurrent maps (6 samples) use a fixed operation count, which skips
# the b.N ramp and so most of the runtime.GC calls that testing makes
# between runs (slow while a 1M-key map is live).
set -e
cd "$(dirname "$0")"
command -v benchstat >/dev/null 2>&1 || go install golang.org/x/perf/cmd/benchstat@latest
PATH="$(go env GOPATH)/bin:$PATH"
go test -run '^$' -bench 'DeepCopy' -benchmem -count 4 -benchtime 0.25s -timeout 30m . | tee bench.txt
BENCH_ORDER=reverse go test -run '^$' -bench 'DeepCopy' -benchmem -count 4 -benchtime 0.25s -timeout 30m . | tee -a bench.txt
go test -run '^$' -bench 'Map' -benchmem -count 6 -benchtime 200000x -timeout 30m . | tee -a bench.txt
benchstat -col /impl bench.txt
