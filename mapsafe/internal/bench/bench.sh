#!/bin/sh
# Reproduces the numbers in mapsafe/README.md: every implementation side by
# side in one run, 6 samples each, summarised by benchstat (medians).
# Takes about 6-10 minutes on a 2-core machine.
set -e
cd "$(dirname "$0")"
command -v benchstat >/dev/null 2>&1 || go install golang.org/x/perf/cmd/benchstat@latest
PATH="$(go env GOPATH)/bin:$PATH"
go test -run '^$' -bench . -benchmem -count 6 -benchtime 0.25s -timeout 30m . | tee bench.txt
benchstat -col /impl bench.txt
