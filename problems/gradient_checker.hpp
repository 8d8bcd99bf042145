#pragma once
// Checks a Problem's derivatives, as Ceres' GradientChecker checks a CostFunction's Jacobians.
// For every worker i: ∇f_i from worker_value_gradient against central differences of
// worker_value (along every coordinate, or along random unit directions when d is large); the
// value worker_value_gradient returns against worker_value; and, when f_i is a finite sum, the
// mean of worker_batch_gradient over all of worker i's examples against ∇f_i. Run it on a new
// problem before measuring or validating anything with it: every constant downstream assumes
// these agree.

#include <cstdint>
#include <string>

#include "core/json_io.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

/// worker_value and worker_value_gradient compute the same number, so they must agree to
/// rounding: a larger gap means the two code paths disagree about f_i.
inline constexpr double kValueTolerance = 1e-12;

struct GradientCheckOptions {
  /// Central differences use h = relative_step · max(1, |x_j|) along coordinate j and
  /// relative_step · max(1, ‖x‖∞) along a random direction.
  double relative_step = 1e-6;
  /// The largest relative error accepted for a derivative (see GradientCheckResult).
  double tolerance = 1e-6;
  /// 0: every coordinate when dim ≤ 256, else 256 random unit directions; k > 0: k random unit
  /// directions.
  int directions = 0;
  /// Of the random directions; every worker is probed along the same ones.
  std::uint64_t seed = 1;

  /// Throws core::InputError naming the first bad field.
  void check() const;
};

/// Every comparison sets a number a from worker_value_gradient (the analytic side) against a
/// reference b, with relative error |a − b| / max(1, |a|, |b|). Ceres divides by max(|a|, |b|)
/// alone; but central differences carry an error that does not shrink with the derivative
/// (rounding ≈ ε·|f_i|/h, truncation ≈ h²·|f_i'''|/6), so near a zero derivative that ratio
/// would call noise a 100% error. With the floor of 1 the test is absolute for magnitudes below
/// 1 and Ceres' relative test above; it assumes values of f_i not far above 1, since rounding
/// grows with |f_i|: for a larger f_i, raise the tolerance. NaN or Inf on either side is an
/// infinite error.
struct GradientCheckResult {
  bool ok = true;
  int comparisons = 0;
  int failures = 0;  // comparisons over their threshold
  /// The relative error of the worst comparison: the largest over the derivatives, unless a
  /// value differs by more than kValueTolerance. That comes first, since then the central
  /// differences (of worker_value) and the gradient (of worker_value_gradient) are of two
  /// different functions.
  double max_relative_error = 0;
  double threshold = 0;   // what the worst comparison is held to: tolerance or kValueTolerance
  int worst_worker = -1;  // -1: nothing was compared
  /// "coordinate 3", "direction 17", "value: worker_value vs worker_value_gradient" or
  /// "batch gradient, coordinate 3".
  std::string worst_what;
  double worst_analytic = 0;   // from worker_value_gradient
  double worst_reference = 0;  // central difference, worker_value, or the batch mean
  int evaluations = 0;         // calls into the problem

  /// One line: passed or FAILED, the worst comparison and where.
  std::string brief_report() const;
  core::Json to_json() const;
};

/// Checks every worker's derivatives at x (see GradientCheckOptions and GradientCheckResult).
/// A wrong size of x, non-finite x or bad options are core::InputErrors.
GradientCheckResult check_gradients(const Problem& problem, ConstVectorRef x,
                                    const GradientCheckOptions& options = {});

}  // namespace biasbound::problems
