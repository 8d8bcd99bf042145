# The two quick-start commands: `make demo` and `make test`. Each installs missing Debian
# packages, configures and builds, then runs.
#
# Three test stages, each with its own build folder:
#   1. the release build and its test suite (ctest)             BUILD       (make test)
#   2. the whole suite again under ASan + UBSan                 ASAN_BUILD  (make sanitize)
#   3. the libFuzzer targets of fuzz/, FUZZ_SECONDS s each      FUZZ_BUILD  (make fuzz)
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20
DEMO_OUT ?= results/demo

.PHONY: all deps demo-deps configure build demo test sanitize fuzz bench format clean

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

# The sanitizer suite and the fuzzers (make sanitize, make fuzz) join make test once the
# sanitizer suite is clean.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (-O1, assertions on).
sanitize: deps
	@echo "==> [2/3] sanitizer build, ASan + UBSan ($(ASAN_BUILD))"
	@SECONDS=0; cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBIASBOUND_SANITIZE=ON \
	  -DBIASBOUND_BENCH=OFF -DBIASBOUND_NATIVE=OFF >/dev/null && \
	  cmake --build $(ASAN_BUILD) -j $(JOBS) && echo "sanitize: built in $${SECONDS} s"
	@echo "==> [2/3] sanitizer test suite ($(ASAN_BUILD))"
	@SECONDS=0; scripts/sanitize-test.sh $(ASAN_BUILD) $(JOBS) && \
	  echo "sanitize: test suite clean in $${SECONDS} s"

# The libFuzzer targets (clang; ASan + UBSan), each run for FUZZ_SECONDS from fuzz/corpus/.
fuzz: deps
	@echo "==> [3/3] fuzz build, clang libFuzzer + ASan + UBSan ($(FUZZ_BUILD))"
	@SECONDS=0; cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DBIASBOUND_FUZZ=ON -DBIASBOUND_TESTS=OFF -DBIASBOUND_BENCH=OFF -DBIASBOUND_NATIVE=OFF \
	  >/dev/null && cmake --build $(FUZZ_BUILD) --target fuzz -j $(JOBS) && \
	  echo "fuzz: built in $${SECONDS} s"
	@echo "==> [3/3] fuzzing, $(FUZZ_SECONDS) s per target ($(FUZZ_BUILD))"
	@SECONDS=0; scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) && echo "fuzz: done in $${SECONDS} s"

bench: build
	$(BUILD)/bench_iteration
	$(BUILD)/bench_measure

format:
	@find core theory problems estimators methods validators plots apps bench tests fuzz \
	  -name '*.[ch]pp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
