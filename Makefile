# Fulgur build and test entry points. `make run` and `make test` work on a fresh machine;
# test dependencies are installed on first use and cached under .cache/.
SHELL := /bin/bash
GO ?= go
PYTHON ?= python3
CACHE := .cache
PY4 := $(CACHE)/py4
PY35 := $(CACHE)/py35
JVM := $(CACHE)/jvm
ORACLE := $(CACHE)/oracle
TPCHGEN := $(CACHE)/tpchgen
TPCH_SF ?= 0.01
TPCH := $(CACHE)/tpch/sf$(TPCH_SF)

.PHONY: build run test unit integration proto lint clean goldens tpch-data bench

build:
	$(GO) build -o bin/driver ./cmd/driver

run: build
	bin/driver

test: lint unit integration

unit: $(PY4)/.stamp
	$(GO) test -count=1 $$($(GO) list ./... | grep -v /test/integration)

integration: build $(PY4)/.stamp $(PY35)/.stamp $(JVM)/.stamp $(CACHE)/tpch/sf0.01/.stamp
	FULGUR_DRIVER_BIN=$(CURDIR)/bin/driver $(GO) test -count=1 -tags integration ./test/integration/...

$(PY4)/.stamp:
	rm -rf $(PY4)
	$(PYTHON) -m venv $(PY4)
	$(PY4)/bin/pip install -q pyspark-client==4.2.0 "pandas<3" pytest grpcio-tools==1.85.1
	touch $@

# pyspark 3.5 needs numpy 1.x, and with it pandas and pyarrow built for numpy 1.
$(PY35)/.stamp:
	rm -rf $(PY35)
	$(PYTHON) -m venv $(PY35)
	$(PY35)/bin/pip install -q "pyspark[connect]==3.5.8" "numpy<2" "pandas<2.3" "pyarrow<18" "protobuf<6" pytest
	touch $@

# The Spark Connect JVM client from Maven Central and the test program that drives it.
$(JVM)/.stamp: test/integration/jvm/pom.xml test/integration/jvm/src/main/java/fulgur/RangeCount.java
	rm -rf $(JVM)
	cd test/integration/jvm && mvn -q -B -s settings.xml dependency:copy-dependencies -DoutputDirectory=$(CURDIR)/$(JVM)/lib
	mkdir -p $(JVM)/classes
	javac -d $(JVM)/classes -cp "$(JVM)/lib/*" test/integration/jvm/src/main/java/fulgur/RangeCount.java
	touch $@

# TPC-H data: tpchgen-cli (PyPI) parquet, deterministic for its version.
$(TPCHGEN)/.stamp:
	rm -rf $(TPCHGEN)
	$(PYTHON) -m venv $(TPCHGEN)
	$(TPCHGEN)/bin/pip install -q tpchgen-cli==4.0.0
	touch $@

$(CACHE)/tpch/sf%/.stamp: $(TPCHGEN)/.stamp
	rm -rf $(CACHE)/tpch/sf$*
	$(TPCHGEN)/bin/tpchgen-cli parquet -s $* --output-dir=$(CACHE)/tpch/sf$*
	touch $@

tpch-data: $(TPCH)/.stamp

# TPC-H benchmark (not part of `make test`): `make bench SF=1`, or SF=0.1 for a quick run.
# Fulgur, Spark 4.2 Connect, Sail and DuckDB on the same parquet files; results in
# .cache/bench/results and the TPC-H section of BENCHMARKS.md (see bench/tpch/bench.py).
SF ?= 1
BENCH_RUNS ?= 3
BENCH_TIMEOUT ?= 300
BENCH_ENGINES ?= fulgur,spark,sail,duckdb
BENCH_QUERIES ?=
BENCH_DRIVER ?= bin/driver
BENCH_VENV := $(CACHE)/bench/venv
$(BENCH_VENV)/.stamp:
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q pyspark==4.2.0 pysail==0.7.2 duckdb==2.0.1 matplotlib==3.11.2 psutil==7.2.2 "pandas<3" pyarrow
	touch $@

bench: build $(PY4)/.stamp $(BENCH_VENV)/.stamp $(CACHE)/tpch/sf$(SF)/.stamp
	$(BENCH_VENV)/bin/python bench/tpch/bench.py --sf $(SF) --runs $(BENCH_RUNS) --timeout $(BENCH_TIMEOUT) \
		--engines $(BENCH_ENGINES) $(if $(BENCH_QUERIES),--queries $(BENCH_QUERIES)) --driver $(BENCH_DRIVER) \
		--command "make bench SF=$(SF)$(if $(filter-out 3,$(BENCH_RUNS)), BENCH_RUNS=$(BENCH_RUNS))$(if $(filter-out 300,$(BENCH_TIMEOUT)), BENCH_TIMEOUT=$(BENCH_TIMEOUT))$(if $(filter-out bin/driver,$(BENCH_DRIVER)), BENCH_DRIVER=$(BENCH_DRIVER))"

# Goldens: expected outputs recorded with real Apache Spark (pip pyspark, Java 17).
$(ORACLE)/.stamp:
	rm -rf $(ORACLE)
	$(PYTHON) -m venv $(ORACLE)
	$(ORACLE)/bin/pip install -q pyspark==4.2.0 "pandas<3" pyarrow grpcio grpcio-status googleapis-common-protos zstandard
	touch $@

goldens: $(ORACLE)/.stamp $(CACHE)/tpch/sf0.01/.stamp
	$(ORACLE)/bin/python test/integration/pyspark/gen_goldens.py

proto: $(PY4)/.stamp
	scripts/genproto.sh

lint:
	@out="$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
