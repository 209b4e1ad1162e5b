# Fulgur build and test entry points. `make run` and `make test` work on a fresh machine;
# test dependencies are installed on first use and cached under .cache/.
SHELL := /bin/bash
GO ?= go
PYTHON ?= python3
CACHE := .cache
PY4 := $(CACHE)/py4
PY35 := $(CACHE)/py35

.PHONY: build run test unit integration proto lint clean

build:
	$(GO) build -o bin/driver ./cmd/driver

run: build
	bin/driver

test: lint unit integration

unit:
	$(GO) test -count=1 $$($(GO) list ./... | grep -v /test/integration)

integration: build $(PY4)/.stamp
	FULGUR_DRIVER_BIN=$(CURDIR)/bin/driver $(GO) test -count=1 -tags integration ./test/integration/...

$(PY4)/.stamp:
	rm -rf $(PY4)
	$(PYTHON) -m venv $(PY4)
	$(PY4)/bin/pip install -q pyspark-client==4.2.0 "pandas<3" pytest grpcio-tools==1.85.1
	touch $@

proto: $(PY4)/.stamp
	scripts/genproto.sh

lint:
	@out="$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
