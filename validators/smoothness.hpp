#pragma once
// Problem constants measured on f itself: the largest Hessian eigenvalue at a point (power
// iteration on Hessian-vector products) and an empirical PL constant over sample points.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "problems/problem.hpp"

namespace biasbound::validators {

struct PowerIterationOptions {
  int max_iterations = 1000;
  double tolerance = 1e-7;  // stop when ‖Hv − λv‖ ≤ tolerance·|λ| (eigenvalue error ~ its square)
  std::uint64_t seed = 1;  // start vector; random so it is not orthogonal to the top eigenvector
  std::optional<problems::Vector> start{};  // a start vector instead (warm start), not all zero
  int threads = 1;  // workers' gradients of one Hessian-vector product in parallel
};

struct CurvatureEstimate {
  double lambda_max = 0;  // largest Hessian eigenvalue at the point (hessian_norm: ‖∇²f(x)‖₂)
  double residual = 0;  // ‖Hv − λv‖ / |λ| at the last iterate
  int iterations = 0;
  bool converged = false;
  std::string method;
  problems::Vector direction{};  // the last unit iterate v: a warm start for a nearby point
};

/// λ_max(∇²f(x)) by power iteration. Hv is a central difference of the gradient,
/// (∇f(x + hv) − ∇f(x − hv)) / 2h with h = ∛ε·max(1, ‖x‖), ε the problem's gradient_epsilon:
/// exact for quadratics, O(h²) otherwise.
/// Assumes ∇²f(x) is positive semi-definite (convex f), so the top eigenvalue is the largest
/// in magnitude. L is the supremum over x; for quadratics any x gives it.
CurvatureEstimate hessian_lambda_max(const problems::Problem& problem, problems::ConstVectorRef x,
                                     const PowerIterationOptions& options = {});

/// ‖∇²f(x)‖₂ = max |λ| for a Hessian that may be indefinite (a network's), by power iteration
/// on the same Hessian-vector products. Each unit iterate v gives ‖Hv‖ ≤ ‖∇²f(x)‖₂ (up to the
/// difference error), so the estimate is the largest ‖Hv‖ seen: a lower estimate that converges
/// to the norm; `converged` when v is an eigenvector to `tolerance`.
CurvatureEstimate hessian_norm(const problems::Problem& problem, problems::ConstVectorRef x,
                               const PowerIterationOptions& options = {});

struct PlEstimate {
  double mu = 0;    // min_j ‖∇f(x_j)‖² / (2(f(x_j) − f*))
  int argmin = -1;  // index of the point attaining it
  int used = 0;     // points with f(x_j) − f* > min_gap
  int skipped = 0;  // points too close to f* for the ratio to be meaningful
};

/// Empirical PL constant over `points`: the tightest μ with ½‖∇f‖² ≥ μ(f − f*) at every point.
/// It estimates the worst case over the points only, not over R^d.
PlEstimate empirical_pl(const problems::Problem& problem,
                        const std::vector<problems::Vector>& points, double f_star,
                        double min_gap = 1e-12);

}  // namespace biasbound::validators
