#!/bin/sh
# Reproduces the numbers in mapsafe/README.md: each comparison is measured
# side by side in one `go test` run, 6 samples each, and summarised by
# benchstat (medians). Two runs: deep copies use a time budget per sample;
# the concurrent maps use a fixed operation count, which skips the b.N
# ramp and so most of the runtime.GC calls that testing makes between runs
# (slow while a 1M-key map is live).
set -e
cd "$(dirname "$0")"
command -v benchstat >/dev/null 2>&1 || go install golang.org/x/perf/cmd/benchstat@latest
PATH="$(go env GOPATH)/bin:$PATH"
go test -run '^$' -bench 'DeepCopy' -benchmem -count 6 -benchtime 0.25s -timeout 30m . | tee bench.txt
go test -run '^$' -bench 'Map' -benchmem -count 6 -benchtime 200000x -timeout 30m . | tee -a bench.txt
benchstat -col /impl bench.txt
