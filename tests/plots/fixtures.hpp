#pragma once
// Small real results for the plot and report tests, made by the biasbound binary itself so
// they always have the current format: a stochastic validation (momentum-nonconvex), a
// deterministic one (biased-sgd-pl), one whose conditions fail, and a β sweep of `run`.

#include <string>
#include <vector>

#include "../apps/cli_helpers.hpp"

namespace biasbound::plots_test {

namespace fs = std::filesystem;
using cli_test::run_biasbound;

inline const fs::path kScenarios = fs::path(BIASBOUND_SOURCE_DIR) / "scenarios";

/// `biasbound validate SCENARIO --out out --no-plots --quiet` with fast settings and `extra`
/// overrides; REQUIREs the exit status `expected`.
inline fs::path validation(const fs::path& out, const std::string& scenario,
                           std::vector<std::string> extra = {}, int expected = 0) {
  std::vector<std::string> args = {"validate", (kScenarios / (scenario + ".toml")).string(),
                                   "--out",    out.string(),
                                   "--quiet",  "--no-plots",
                                   "--set",    "points=6",
                                   "--set",    "samples=30",
                                   "--set",    "seeds=4"};
  for (const auto& e : extra) {
    args.push_back("--set");
    args.push_back(e);
  }
  const auto r = run_biasbound(args);
  INFO(r.err);
  REQUIRE(r.exit_code == expected);
  return out;
}

/// Six `biasbound run` outputs under `out`: two estimators (top-k, minibatch) × β ∈ {0.1, 0.5, 1},
/// 3 seeds of 120 iterations on synthetic logistic regression, evaluated every 10 iterations.
inline fs::path beta_sweep(const fs::path& out) {
  for (const std::string estimator : {"topk:frac=0.1", "minibatch:b=16"})
    for (const std::string beta : {"0.1", "0.5", "1"}) {
      const auto name =
          (estimator[0] == 't' ? std::string("topk") : std::string("minibatch")) + "-beta" + beta;
      const auto r = run_biasbound({"run",
                                    "--problem",
                                    "logistic:data=synthetic,n=1000,d=20",
                                    "--estimator",
                                    estimator,
                                    "--workers",
                                    "4",
                                    "--gamma",
                                    "0.5",
                                    "--beta",
                                    beta,
                                    "--iters",
                                    "120",
                                    "--seeds",
                                    "3",
                                    "--eval-every",
                                    "10",
                                    "--out",
                                    (out / name).string(),
                                    "--quiet"});
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
    }
  return out;
}

}  // namespace biasbound::plots_test
