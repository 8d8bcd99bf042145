#pragma once
// Bound-versus-trace statistics (THEORY §6): does the observed quantity stay under the theorem's
// bound at the checkpoints, how tight is the bound, and, when undecided, how many seeds would
// likely decide it.

#include <Eigen/Core>
#include <optional>
#include <string_view>
#include <vector>

namespace biasbound::validators {

enum class Outcome { kHolds, kViolated, kInconclusive };

std::string_view to_string(Outcome outcome);

struct CompareOptions {
  bool deterministic = false;  // one exact run: compare directly with a tolerance
  double confidence = 0.99;    // family-wise over all checkpoints (Bonferroni)
  double relative_tolerance = 1e-9;
  double absolute_floor = 1e-12;
};

struct Comparison {
  Outcome outcome = Outcome::kInconclusive;
  std::optional<int> first_violation;  // checkpoint index (column), when VIOLATED
  std::vector<double> mean;            // per checkpoint
  std::vector<double> standard_error;  // 0 for a deterministic run
  std::vector<double> lower;           // one-sided confidence limits; = mean when deterministic
  std::vector<double> upper;
  std::vector<double> tightness;    // bound / mean
  double level = 1;                 // per-checkpoint one-sided level, 1 − (1 − confidence)/C
  double t_quantile = 0;            // Student t quantile at `level` with R − 1 dof
  std::optional<int> seeds_needed;  // when INCONCLUSIVE and a finite number would decide it
  double relative_tolerance = 0;    // the deterministic tolerances, as applied
  double absolute_floor = 0;        // added to the bound in both modes
};

/// `values` is seeds × checkpoints; `bound` has one entry per checkpoint. Deterministic runs need
/// exactly one seed: VIOLATED when value > bound·(1 + rel) + floor at some checkpoint. Stochastic
/// runs need at least two: VIOLATED when some lower limit exceeds the bound, HOLDS when every
/// upper limit is below it, INCONCLUSIVE otherwise.
Comparison compare(const Eigen::MatrixXd& values, const Eigen::VectorXd& bound,
                   const CompareOptions& options = {});

/// Up to `count` distinct iterations in [1, T], logarithmically spaced, always including 1 and T.
std::vector<int> checkpoints(int T, int count);

}  // namespace biasbound::validators
