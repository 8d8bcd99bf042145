# The two quick-start commands: `make demo` and `make test`. Each installs missing Debian
# packages, configures and builds, then runs.
#
# make test runs four stages in two build folders:
#   1. the release build and its test suite (ctest)                   BUILD
#   2. examples/ built and run against the release build, installed   BUILD      (make examples)
#      into a temporary prefix, as a separate project (find_package(biasbound))
#   3. the whole suite again under ASan + UBSan (clang, -O1)          SAN_BUILD  (make sanitize)
#   4. the libFuzzer targets of fuzz/, FUZZ_SECONDS s each            SAN_BUILD  (make fuzz)
# Stages 3 and 4 share one clang build: every library is compiled once with the sanitizers and
# libFuzzer's coverage, and linked both into the test executables and into the fuzzers.
SHELL := /bin/bash
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 30
DEMO_OUT ?= results/demo

.NOTPARALLEL:
.PHONY: all deps demo-deps configure build demo test release-test examples sanitize-build \
	sanitize fuzz bench paper format clean

all: build

deps:
	@scripts/install-deps.sh test

demo-deps:
	@scripts/install-deps.sh demo

configure:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps configure
	@cmake --build $(BUILD) -j $(JOBS)

# The demo needs the command alone: its packages, no tests, no benchmarks.
demo: demo-deps configure
	@cmake --build $(BUILD) --target biasbound -j $(JOBS)
	$(BUILD)/biasbound validate scenarios/demo.toml --out $(DEMO_OUT)

test: release-test examples sanitize fuzz
	@echo "==> make test: release suite, examples, sanitizer suite and fuzzers all clean"

release-test: build
	@echo "==> [1/4] release test suite ($(BUILD))"
	@SECONDS=0; ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) && \
	  echo "release: test suite passed in $${SECONDS} s"

# cmake --install into a temporary prefix, then examples/ as a separate project on top of it.
examples: build
	@echo "==> [2/4] examples against the installed package ($(BUILD))"
	@scripts/examples.sh $(BUILD) $(JOBS)

# clang with ASan, UBSan (-fno-sanitize-recover=all) and libFuzzer's coverage; no benchmarks.
sanitize-build: deps
	@echo "==> sanitizer build, clang ASan + UBSan ($(SAN_BUILD))"
	@SECONDS=0; cmake -S . -B $(SAN_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DBIASBOUND_FUZZ=ON -DBIASBOUND_BENCH=OFF -DBIASBOUND_NATIVE=OFF >/dev/null && \
	  cmake --build $(SAN_BUILD) -j $(JOBS) && echo "sanitize: built in $${SECONDS} s"

sanitize: sanitize-build
	@echo "==> [3/4] sanitizer test suite ($(SAN_BUILD))"
	@SECONDS=0; scripts/sanitize-test.sh $(SAN_BUILD) $(JOBS) && \
	  echo "sanitize: test suite clean in $${SECONDS} s"

fuzz: sanitize-build
	@echo "==> [4/4] fuzzing, $(FUZZ_SECONDS) s per target ($(SAN_BUILD))"
	@SECONDS=0; scripts/fuzz.sh $(SAN_BUILD) $(FUZZ_SECONDS) && echo "fuzz: done in $${SECONDS} s"

# bench_mpi (built with MPI) on 1 and 2 ranks, unbound so that each rank's threads have its share.
MPIRUN := env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
	OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun --bind-to none --oversubscribe

bench: build
	$(BUILD)/bench_iteration
	$(BUILD)/bench_measure
	$(BUILD)/bench_mlp
	@if [ -x $(BUILD)/bench_mpi ]; then for n in 1 2; do for p in logistic network; do \
	  echo "$(MPIRUN) -n $$n $(BUILD)/bench_mpi $$p"; $(MPIRUN) -n $$n $(BUILD)/bench_mpi $$p || exit 1; \
	done; done; fi

# The seed paper's network experiment in full (scenarios/paper/): prints its expected wall time
# (from bench_mlp on this machine) first; re-running resumes an interrupted sweep.
paper: build
	@scripts/paper.sh $(BUILD) results/paper

format:
	@find core theory problems estimators methods validators plots apps bench tests fuzz examples \
	  include -name '*.[ch]pp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
