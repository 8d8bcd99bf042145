#pragma once
// The last link of a validation as a function of objects: a theorem's check at the step the
// runs used, the runs, and out comes the verdict (THEORY.md §6) — the quantity the theorem
// bounds, per seed, against bound(T) at log-spaced checkpoints, with a rate fit of the mean.
// validate() ends with this call; a library user composes measure → check → run → compare.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "methods/trace.hpp"
#include "methods/traces.hpp"
#include "theory/check.hpp"
#include "validators/compare.hpp"
#include "validators/curves.hpp"
#include "validators/rate_fit.hpp"

namespace biasbound::validators {

struct RunComparisonOptions {
  /// f* for the quantities measured from it (f(x_T) − f*, momentum-pl's Lyapunov function).
  std::optional<double> f_star{};
  double confidence = 0.99;  // family-wise over the checkpoints
  int checkpoints = 20;      // at most this many, log-spaced in [1, T]
  /// One exact run compared with a tolerance (exact gradients, deterministic compressor, fixed
  /// staleness); otherwise at least two seeds and one-sided confidence limits.
  bool deterministic = false;

  /// Throws core::InputError naming the first invalid field.
  void check() const;
};

/// Where the runs first stood above the bound beyond doubt.
struct FirstViolation {
  long long iteration = 0;
  double observed_mean = 0;
  double lower_limit = 0;  // of the observed mean: above the bound
  double bound = 0;
};

struct RunComparison {
  Outcome outcome = Outcome::kInconclusive;
  std::string quantity;  // theory/quantity.hpp's name, e.g. "f_gap_last"
  std::string reason;    // why INCONCLUSIVE without statistics (a seed diverged or stopped)
  std::vector<int> checkpoints;
  Eigen::VectorXd bound;  // at the checkpoints
  Comparison statistics;  // per checkpoint: mean, limits, tightness
  QuantityCurves curves;  // the quantity at every T, per seed and averaged
  std::optional<FirstViolation> first_violation;
  std::optional<double> tightness_min;  // min over checkpoints of bound / observed
  std::optional<RateFit> rate_fit;      // of the mean over `window`, when it has ≥ 5 iterates
  FitWindow window;
  int seeds = 0;
  double confidence = 0;
  bool deterministic = false;

  /// One line: the verdict, the first violation or the tightness, the fitted rate.
  std::string brief_report() const;
  /// validate.json's verdict, first_violation, tightness_min, statistics and rate_fit.
  core::Json to_json() const;
};

/// "; first violated at T = …: observed >= … > bound …", else "; min bound/observed = …", else
/// empty: the detail that brief reports give after a verdict.
std::string verdict_detail(const std::optional<FirstViolation>& first_violation,
                           const std::optional<double>& tightness_min);

/// Whether the theorem bounds runs at the checked step: its conditions hold there, or, for a
/// schedule, at every stage's step.
bool conditions_hold(const theory::CheckResult& check);

/// Compares `traces` (runs of check.theorem's method at check's step, every seed T iterations)
/// with the bound of `check` (composed stage by stage for a schedule), whose conditions must
/// hold. A seed that diverged or stopped early
/// makes the result INCONCLUSIVE with the reason; bad options are core::InputErrors.
RunComparison compare(const theory::CheckResult& check, std::span<const methods::SeedTrace> traces,
                      long long T, const RunComparisonOptions& options = {});

/// The same for the typed result of methods::run.
RunComparison compare(const theory::CheckResult& check, const methods::Traces& runs,
                      const RunComparisonOptions& options = {});

}  // namespace biasbound::validators
