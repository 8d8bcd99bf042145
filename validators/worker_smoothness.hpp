#pragma once
// Worker smoothness (iag-pl, THEORY.md §4): each worker's ∇f_i is L_i-Lipschitz, and
// L_max = max_i L_i (L ≤ L_max, since f is their mean). Analytic for a quadratic: the largest
// eigenvalue of each worker's A_i. Otherwise by power iteration on each worker's
// Hessian-vector products at the given points (x₀ and x*), the larger: a lower estimate away
// from them, as for L.

#include <vector>

#include "problems/problem.hpp"
#include "validators/problem_constants.hpp"

namespace biasbound::validators {

struct WorkerSmoothness {
  Sourced L_max;                   // max_i L_i and how it was obtained
  std::vector<double> per_worker;  // L_i
};

/// `points` are where the non-analytic estimate probes the curvature (x₀, x*); ignored for a
/// quadratic.
WorkerSmoothness worker_smoothness(const problems::Problem& problem,
                                   const std::vector<problems::Vector>& points);

}  // namespace biasbound::validators
