#!/usr/bin/env bash
# make examples: biasbound as its users get it. Installs BUILD into a temporary prefix, checks
# the installed headers (no internal one; closed under their includes), compiles the umbrella
# header <biasbound/biasbound.hpp> alone, then configures examples/ as a separate CMake project
# with find_package(biasbound), builds it and runs every example program (ctest: one line per
# program with its time). The prefix and the build folders are removed at exit.
# Usage: scripts/examples.sh [BUILD=build] [JOBS=nproc]
set -euo pipefail
build=${1:-build}
jobs=${2:-$(nproc)}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

SECONDS=0
cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -DPREFIX="$prefix" -P "$root/cmake/check_installed_headers.cmake"

# The umbrella header alone, through the installed package.
mkdir "$tmp/umbrella"
cat >"$tmp/umbrella/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(biasbound_umbrella LANGUAGES CXX)
find_package(biasbound REQUIRED)
add_library(umbrella OBJECT umbrella.cpp)
target_link_libraries(umbrella PRIVATE biasbound::biasbound)
CMAKE
echo '#include <biasbound/biasbound.hpp>' >"$tmp/umbrella/umbrella.cpp"
cmake -S "$tmp/umbrella" -B "$tmp/umbrella/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/umbrella/build" >/dev/null
echo "-- umbrella: <biasbound/biasbound.hpp> compiles alone"

cmake -S "$root/examples" -B "$tmp/examples" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/examples" -j "$jobs" >/dev/null
(cd "$tmp/examples" && ctest --output-on-failure)
echo "examples: installed, built against the package and run in ${SECONDS} s"
