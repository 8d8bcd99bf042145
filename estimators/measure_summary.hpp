#pragma once
// The constants of an estimator from its measurements at P points (THEORY.md §3): each frontier
// is the set of pairs that hold at every point, its ends the pair with one constant zero.
// `bias` (m, ζ²) uses the upper one-sided limits of the squared bias b; `variance` (M, σ²) the
// upper limits of the variance v against the lower limits of ‖E g‖² (a smaller abscissa needs a
// steeper line, so M stays conservative); the `*_estimate` frontiers the point estimates.
// Pure statistics of given points: where the points come from is methods/measure.hpp's.

#include <span>
#include <string>

#include "core/json_io.hpp"
#include "estimators/frontier.hpp"
#include "estimators/point_sampler.hpp"

namespace biasbound::estimators {

struct MeasureSummary {
  Frontier bias;      // (m, ζ²)
  Frontier variance;  // (M, σ²)
  Frontier bias_estimate;
  Frontier variance_estimate;
  double theta2 = 0;  // heterogeneity: max over points of (1/n) Σ_i ‖∇f_i − ∇f‖²
  int points = 0;
  int samples = 0;
  double confidence = 0;    // simultaneous over the points, for each frontier
  bool along_runs = false;  // conditional on a stateful estimator's state

  /// measure.json's "bias", "variance" and "hetero".
  core::Json to_json() const;
  /// One line: the frontiers' ends and how many points they hold over.
  std::string brief_report() const;
};

/// The frontiers of `points`; samples, confidence and along_runs are the caller's to set.
MeasureSummary summarize(std::span<const PointMeasurement> points);

}  // namespace biasbound::estimators
