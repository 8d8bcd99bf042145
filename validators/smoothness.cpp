#include "validators/smoothness.hpp"

#include <cmath>
#include <limits>
#include <random>

#include "core/error.hpp"

namespace biasbound::validators {
namespace {

using problems::Vector;

/// Hessian-vector products by central differences of ∇f around a fixed point.
class HessianVector {
 public:
  HessianVector(const problems::Problem& problem, problems::ConstVectorRef x)
      : problem_(problem),
        x_(x),
        step_(std::cbrt(std::numeric_limits<double>::epsilon()) * std::max(1.0, x.norm())),
        plus_(x.size()),
        minus_(x.size()) {}

  /// v must have unit norm, so the step is h in every direction.
  Vector operator()(const Vector& v) {
    problems::value_gradient(problem_, x_ + step_ * v, plus_);
    problems::value_gradient(problem_, x_ - step_ * v, minus_);
    return (plus_ - minus_) / (2 * step_);
  }

 private:
  const problems::Problem& problem_;
  Vector x_;
  double step_;
  Vector plus_;
  Vector minus_;
};

Vector random_unit(int dim, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Vector v(dim);
  for (auto& value : v) value = normal(rng);
  return v.normalized();
}

}  // namespace

CurvatureEstimate hessian_lambda_max(const problems::Problem& problem, problems::ConstVectorRef x,
                                     const PowerIterationOptions& options) {
  if (x.size() != problem.dim()) {
    throw core::input_error("smoothness: point has dimension {}, problem '{}' has {}", x.size(),
                            problem.name(), problem.dim());
  }
  if (options.max_iterations < 1 || !(options.tolerance > 0)) {
    throw core::input_error("smoothness: need max_iterations >= 1 and tolerance > 0");
  }
  HessianVector hessian(problem, x);
  CurvatureEstimate out;
  out.method = "power iteration on central-difference Hessian-vector products";
  Vector v = random_unit(problem.dim(), options.seed);
  for (out.iterations = 1; out.iterations <= options.max_iterations; ++out.iterations) {
    const Vector hv = hessian(v);
    out.lambda_max = v.dot(hv);        // Rayleigh quotient of a unit vector
    if (!(out.lambda_max > 0)) break;  // zero or indefinite curvature: power iteration is moot
    out.residual = (hv - out.lambda_max * v).norm() / out.lambda_max;
    if (out.residual <= options.tolerance) {
      out.converged = true;
      break;
    }
    v = hv.normalized();
  }
  out.iterations = std::min(out.iterations, options.max_iterations);
  return out;
}

PlEstimate empirical_pl(const problems::Problem& problem, const std::vector<Vector>& points,
                        double f_star, double min_gap) {
  if (!std::isfinite(f_star) || !(min_gap >= 0)) {
    throw core::input_error("PL estimate: f* must be finite and min_gap >= 0");
  }
  PlEstimate out;
  out.mu = std::numeric_limits<double>::infinity();
  Vector grad(problem.dim());
  for (std::size_t j = 0; j < points.size(); ++j) {
    const double gap = problems::value_gradient(problem, points[j], grad) - f_star;
    if (!(gap > min_gap)) {
      ++out.skipped;
      continue;
    }
    ++out.used;
    const double ratio = grad.squaredNorm() / (2 * gap);
    if (ratio < out.mu) {
      out.mu = ratio;
      out.argmin = static_cast<int>(j);
    }
  }
  if (out.used == 0) {
    throw core::input_error("PL estimate: no point has f - f* > {} among {} points", min_gap,
                            points.size());
  }
  return out;
}

}  // namespace biasbound::validators
