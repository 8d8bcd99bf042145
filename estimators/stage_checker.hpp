#pragma once
// Checks a stage's declared closed-form constants (Stage::constants(), THEORY.md §2) against
// draws of the stage, per message, for whoever writes a stage: the test a new compressor should
// pass before a theorem relies on its δ or α. For each declared property and input v (a
// transform's input is a random vector — Gaussian, sparse, equal magnitudes, which is top-k's
// worst case — a source's is the worker's gradient ∇f_i(x) at a random x):
//   unbiased         ‖E C(v) − v‖² = 0
//   δ-contraction    E‖C(v) − v‖² ≤ (1 − δ)‖v‖²
//   α (unbiased)     E‖C(v)‖²     ≤ α‖v‖²
//   bias (m, ζ²)     ‖E C(v) − v‖² ≤ m‖v‖² + ζ²
//   deterministic    every draw equal to the first, bit for bit (Stage::deterministic())
// each expectation estimated from `samples` draws with one-sided jackknife limits
// (estimators/draw_statistics.hpp), simultaneous over every limit used at `confidence`.
// A property is VIOLATED when the lower limit exceeds the bound at some input, HOLDS when
// every upper limit is within it, else INCONCLUSIVE. Sparse messages must carry an ascending
// support and be zero off it. Stateful stages have constants only given their state, measured
// along runs (methods/measure.hpp): they are reported inconclusive here.

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

struct StageCheckOptions {
  int inputs = 9;     // input vectors (transforms) or points (sources)
  int samples = 400;  // draws per input
  double confidence = 0.99;
  std::uint64_t seed = 1;

  /// Throws core::InputError naming the field that is out of range.
  void check() const;
};

struct PropertyCheck {
  std::string property;    // "unbiased", "delta", "alpha", "bias", "message", "deterministic"
  std::string verdict;     // "holds", "violated", "inconclusive"
  double worst_ratio = 0;  // max over inputs of (estimate of the left side) / (bound)
  std::string detail;
};

struct StageCheckResult {
  std::string stage;
  std::vector<PropertyCheck> properties;
  int inputs = 0;
  int samples = 0;
  double confidence = 0;

  /// No property is violated.
  bool ok() const;
  std::string brief_report() const;
  core::Json to_json() const;
};

/// Checks `stage` on inputs of `problem`'s dimension (a source stage: on `problem`'s workers).
StageCheckResult check_stage_constants(const Stage& stage, const problems::Problem& problem,
                                       const StageCheckOptions& options = {});

}  // namespace biasbound::estimators
