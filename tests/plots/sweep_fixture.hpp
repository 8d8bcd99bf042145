#pragma once
// Small real sweeps for the sweep figure and report tests, made by `biasbound sweep` itself so
// they always have the current format: a 3-class network on 200 synthetic examples, 2 workers,
// 2 seeds × 20 iterations per cell (a second or two for a grid of eight cells).

#include <map>
#include <string>

#include "fixtures.hpp"

namespace biasbound::plots_test {

/// The sweep file with `grid`, the lines of its [grid] table.
inline std::string tiny_sweep_toml(const std::string& grid) {
  return R"(title = "A tiny sweep for the tests"
description = """
Two workers train a small network on synthetic data,
two seeds of twenty iterations per cell."""

[problem]
spec = "mlp:data=synthetic,n=200,d=5,classes=3,hidden=8"
workers = 2

[estimator]
spec = "minibatch:b=16"

[method]
gamma = 0.5
iterations = 20
seeds = 2

[grid]
)" + grid +
         R"(
[sweep]
report_at = [10]
)";
}

/// `biasbound sweep` of tiny_sweep_toml(grid) into `out` (the sweep file beside it).
inline fs::path tiny_sweep(const fs::path& out, const std::string& grid) {
  fs::create_directories(out.parent_path());
  const auto toml = fs::path(out.string() + ".toml");
  cli_test::write_text(toml, tiny_sweep_toml(grid));
  const auto r = run_biasbound({"sweep", toml.string(), "--out", out.string(), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return out;
}

// The grids of the tests: estimator × γ × β; with a step so large that every seed diverges;
// without β (lines per γ, its first varying key; figures per init).
inline const std::string kEstimatorGammaBeta =
    "estimator = [\"minibatch:b=16\", \"minibatch:b=16+topk:frac=0.5\"]\n"
    "gamma = [0.2, 0.5]\nbeta = [0.1, 1]\n";
inline const std::string kDivergingStep = "gamma = [0.2, 1e30]\nbeta = [0.1, 1]\n";
inline const std::string kNoBeta = "gamma = [0.2, 0.5]\ninit = [\"zero\", \"first\"]\n";

/// The sweeps take a second or two each: made once per test run, shared by the test cases.
inline const fs::path& shared_sweep(const std::string& grid) {
  static testing::TempDir root;
  static std::map<std::string, fs::path> made;
  if (!made.count(grid))
    made[grid] = tiny_sweep(root / ("sweep" + std::to_string(made.size())), grid);
  return made.at(grid);
}

}  // namespace biasbound::plots_test
