#!/usr/bin/env bash
# Installs the Debian packages biasbound needs, only those missing; fast when all are present.
# `install-deps.sh demo` installs what the demo needs, `install-deps.sh` (or `test`) everything.
# gnuplot draws the figures; chromium (headless) and xmllint check the report and the SVGs in the
# test suite; the fonts keep figures and report identical on every machine. clang and its runtime
# libraries (libFuzzer, the sanitizers) build the fuzz targets of `make test` (fuzz/).
set -euo pipefail

# What `make demo` needs: the compiler, the libraries, the data and gnuplot for the figures.
demo_packages=(
  build-essential cmake pkg-config
  libeigen3-dev libceres-dev libboost-dev catch2 libcli11-dev libtomlplusplus-dev
  nlohmann-json3-dev libfmt-dev zlib1g-dev
  dataset-fashion-mnist
  gnuplot-nox fonts-dejavu-core
)
# What `make test` needs on top: the checkers of the report and figures, MPI, and clang.
test_packages=(
  libopenmpi-dev openmpi-bin
  libxml2-utils chromium fonts-liberation libgl1-mesa-dri
  clang libclang-rt-14-dev
)

case "${1:-test}" in
  demo) packages=("${demo_packages[@]}") ;;
  test) packages=("${demo_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 [demo|test]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: need root to install packages (or install them yourself): ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
