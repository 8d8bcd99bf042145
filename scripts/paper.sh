#!/usr/bin/env bash
# make paper: the seed paper's network experiment in full — scenarios/paper/mlp-fmnist.toml
# (24 cells) and mlp-fmnist-small-steps.toml (12 cells), 5 seeds × 200 iterations each, into
# results/paper/. It first times one iteration and one evaluation of the 100-worker network on
# this machine (bench_mlp) and prints the expected wall time. The sweeps write each cell as it
# finishes: Ctrl-C, then `make paper` again, resumes where they stopped. Then it writes each
# grid's report.html (biasbound report).
# Usage: scripts/paper.sh [BUILD=build] [OUT=results/paper]
set -euo pipefail
build=${1:-build}
out=${2:-results/paper}
root=$(cd "$(dirname "$0")/.." && pwd)

# The grids' sizes (scenarios/paper/*.toml): cells, seeds, iterations; a run evaluates its
# metrics every T/50 iterations and at T.
cells=$((24 + 12))
seeds=5
iterations=200
evaluations=$((iterations / (iterations / 50) + 1))

echo "paper: timing one iteration of the network on this machine (bench_mlp) ..."
timing=$("$build/bench_mlp" 1)
iteration=$(awk '$1 == "iteration" {print $2}' <<<"$timing")
evaluation=$(awk '$1 == "evaluation" {print $2}' <<<"$timing")
hours=$(awk -v c="$cells" -v s="$seeds" -v t="$iterations" -v e="$evaluations" -v it="$iteration" \
  -v ev="$evaluation" 'BEGIN { printf "%.1f", c * s * (t * it + e * ev) / 3600 }')
echo "paper: $cells cells × $seeds seeds × $iterations iterations at ${iteration} s per iteration" \
  "(+ ${evaluation} s per evaluation): about $hours hours on this machine"

"$build/biasbound" sweep "$root/scenarios/paper/mlp-fmnist.toml" --out "$out/mlp-fmnist"
"$build/biasbound" sweep "$root/scenarios/paper/mlp-fmnist-small-steps.toml" \
  --out "$out/small-steps"
# Each grid's page: what was run, its table and its β-sweep figures (report.html).
"$build/biasbound" report "$out/mlp-fmnist"
"$build/biasbound" report "$out/small-steps"
