#!/usr/bin/env bash
# Runs the test suite of the sanitizer build (ASan + UBSan; make sanitize): ctest in BUILD with
# the sanitizer options exported, so that they also reach the biasbound processes the tests
# spawn. gnuplot and chromium, which the tests spawn too, are not instrumented and ignore them.
# Usage: scripts/sanitize-test.sh [BUILD=build-sanitize] [JOBS=nproc]
set -euo pipefail
build=${1:-build-sanitize}
jobs=${2:-$(nproc)}

# Every UBSan report aborts (-fno-sanitize-recover=all); print its stack as ASan does. Options
# already in the environment come last and win.
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# Static initialisers may not read another file's globals. (detect_stack_use_after_return is off:
# its fake stacks take ~10 MB per thread, which the thread-pool test that caps the address space
# to make thread creation fail would turn into an ASan abort.)
asan="check_initialization_order=1:strict_init_order=1"

# LeakSanitizer inspects the threads of a stopped process through ptrace; where the environment
# forbids that (a process already traced, seccomp, YAMA ptrace_scope=3) every instrumented
# process would end with "LeakSanitizer has encountered a fatal error". Probe once; if so, test
# without leak detection and say so, rather than fail every test for the environment.
probe=$(ASAN_OPTIONS="detect_leaks=1" "$build/tests/core_tests" --list-test-names-only 2>&1 >/dev/null || true)
if [[ "$probe" == *"LeakSanitizer has encountered a fatal error"* ]]; then
  echo "sanitize: LeakSanitizer cannot run here (ptrace is restricted): leak detection is off" >&2
  asan+=":detect_leaks=0"
else
  asan+=":detect_leaks=1"
fi
export ASAN_OPTIONS="${asan}${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# One test is left to the release suite: the quick paper sweep trains a 118,282-parameter network
# for 400 iterations, whose float32 GEMMs take over ten minutes at -O1 under ASan without AVX.
# The same network code runs under the sanitizers in problems_tests' and methods_tests' mlp
# tests and io_tests' sweep tests.
ctest --test-dir "$build" --output-on-failure -j "$jobs" -E "the quick paper sweep"
