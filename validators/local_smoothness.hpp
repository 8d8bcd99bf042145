#pragma once
// L where the problem has no global one (a network): ‖∇²f‖₂ measured by power iteration at
// points of the region a validation probes. It is reported as what it is — a local constant of
// the probed region, a lower estimate of the supremum there — like the estimator constants
// measured on the same points.

#include <span>

#include "problems/problem.hpp"
#include "validators/problem_constants.hpp"
#include "validators/smoothness.hpp"

namespace biasbound::validators {

struct LocalSmoothnessOptions {
  int points = 4;  // at most this many of the given points, evenly spread, the first included
  // The Hessian is symmetric, so the eigenvalue's relative error is about the residual²: 1e-2
  // gives about 1e-4, and a float32 network's difference quotients allow little better.
  PowerIterationOptions power{.max_iterations = 100, .tolerance = 1e-2};
  bool progress = false;  // one line per point on stderr

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

/// max over the chosen points of ‖∇²f(x)‖₂ (hessian_norm), each point warm-started from the
/// previous point's direction (the first from options.power.start, if given). `first`, when
/// given, is points[0]'s estimate, already computed: it is used, not recomputed.
Sourced local_smoothness(const problems::Problem& problem, std::span<const problems::Vector> points,
                         const LocalSmoothnessOptions& options,
                         const CurvatureEstimate* first = nullptr);

}  // namespace biasbound::validators
