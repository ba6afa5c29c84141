# mapguard — build, test, lint, demo, bench.
GO      ?= go
BIN     := $(CURDIR)/bin
MAPGUARD := $(BIN)/mapguard

.PHONY: all build install test test-main test-mapsafe lint demo bench clean

all: build test

build:
	$(GO) build -o $(MAPGUARD) ./cmd/mapguard

install:
	$(GO) install ./cmd/mapguard

## test: the whole suite (what .ci/run and the README run).
test: test-main test-mapsafe

test-main:
	$(GO) vet ./...
	$(GO) test ./...

test-mapsafe:
	@if [ -f mapsafe/go.mod ]; then cd mapsafe && $(GO) vet ./... && $(GO) test ./...; fi

## lint: formatting, vet, and mapguard on its own source.
lint: build
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '/testdata/\|^testdata/')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(MAPGUARD) ./...

## demo: build mapguard and run it on the bundled demo module (findings expected).
demo: build
	@cd demo && $(MAPGUARD) ./...; rc=$$?; \
	  if [ $$rc -ne 1 ] && [ $$rc -ne 3 ]; then echo "mapguard exited $$rc on the demo (want findings)"; exit 1; fi

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

clean:
	rm -rf $(BIN)
