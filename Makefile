# mapguard — build, test, lint, demo, bench.
GO      ?= go
BIN     := $(CURDIR)/bin
MAPGUARD := $(BIN)/mapguard

.PHONY: all build install test test-main test-nested test-race bench-mapsafe lint demo bench clean golangci integration perf

all: build test

build:
	$(GO) build -o $(MAPGUARD) ./cmd/mapguard

install:
	$(GO) install ./cmd/mapguard

## test: the whole suite (what .ci/run and the README run).
test: test-main test-nested test-race

test-main:
	$(GO) vet ./...
	$(GO) test ./...

# Nested modules (mapsafe, its benchmarks, test-only modules) have their own go.mod;
# each is vetted and tested in place. demo/ holds intentional bugs and is not tested here.
NESTED := $(shell find . -name go.mod -not -path ./go.mod -not -path './demo/*' -not -path '*/testdata/*' -not -path './.cache/*' -exec dirname {} \; | sort)

test-nested:
	@set -e; for d in $(NESTED); do echo "== $$d"; (cd $$d && $(GO) vet ./... && $(GO) test ./...); done

# mapsafe's Map is concurrency code: its tests also run under the race detector.
test-race:
	cd mapsafe && $(GO) test -race ./...

## lint: formatting, vet, and mapguard on its own source.
lint: build
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '/testdata/\|^testdata/')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(MAPGUARD) ./...

## demo: build mapguard and run it on the bundled demo module (findings expected).
demo: build
	@cd demo && $(MAPGUARD) ./...; rc=$$?; \
	  if [ $$rc -ne 1 ]; then echo "mapguard exited $$rc on the demo (want 1: findings; 3 means packages failed to load)"; exit 1; fi

## golangci: golangci-lint v2.15.0 with the mapguard module plugin (bin/custom-gcl), built from
## the module proxy rather than GitHub; caches under .cache/golangci. See docs/golangci.md.
golangci:
	bash scripts/build-golangci.sh -o $(BIN)/custom-gcl

## integration: the front ends for real (custom golangci-lint, pre-commit try-repo, git hook,
## headless Neovim). Needs pre-commit, nvim and git; a few minutes when cold.
integration:
	MAPGUARD_INTEGRATION=1 $(GO) test -count=1 -timeout=60m ./integration

## perf: mapguard vs go vet (cold/warm/one-package edit) and staticcheck cold on nats-server and
## etcd server, fetched through the module proxy; caches under ~/.cache/mapguard-perf. See docs/usage.md.
perf:
	bash scripts/perf.sh

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

## bench-mapsafe: mapsafe vs maps.Clone, hand loops, go-clone, sync.Map, xsync (~8 min; benchstat).
bench-mapsafe:
	cd mapsafe/internal/bench && bash bench.sh

clean:
	rm -rf $(BIN)
