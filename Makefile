# The two quick-start commands: `make demo` and `make test`. Each installs missing Debian
# packages, configures and builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
DEMO_OUT ?= results/demo

.PHONY: all deps build demo test bench format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/biasbound validate scenarios/demo.toml --out $(DEMO_OUT)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/bench_iteration
	$(BUILD)/bench_measure

format:
	@find core theory problems estimators methods validators plots apps bench tests -name '*.[ch]pp' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
