#include "validators/smoothness.hpp"

#include <cmath>
#include <limits>
#include <random>

#include "core/error.hpp"
#include "core/thread_pool.hpp"

namespace biasbound::validators {
namespace {

using problems::Vector;

/// ∇f(x) with the workers' gradients in parallel, summed in worker order (so the result does
/// not depend on the thread count).
class ParallelGradient {
 public:
  ParallelGradient(const problems::Problem& problem, int threads)
      : problem_(problem),
        pool_(std::max(1, std::min(threads, problem.workers()))),
        parts_(static_cast<std::size_t>(problem.workers()), Vector(problem.dim())) {}

  void operator()(const Vector& x, Vector& gradient) {
    pool_.parallel_for(problem_.workers(), [&](int w) {
      problem_.worker_value_gradient(w, x, parts_[static_cast<std::size_t>(w)]);
    });
    gradient.setZero();
    for (const auto& part : parts_) gradient += part;
    gradient /= problem_.workers();
  }

 private:
  const problems::Problem& problem_;
  core::ThreadPool pool_;
  std::vector<Vector> parts_;
};

/// Hessian-vector products by central differences of ∇f around a fixed point.
class HessianVector {
 public:
  HessianVector(const problems::Problem& problem, problems::ConstVectorRef x, int threads)
      : gradient_(problem, threads),
        x_(x),
        step_(std::cbrt(problem.constants().gradient_epsilon) * std::max(1.0, x.norm())),
        plus_(x.size()),
        minus_(x.size()) {}

  /// v must have unit norm, so the step is h in every direction.
  Vector operator()(const Vector& v) {
    gradient_(x_ + step_ * v, plus_);
    gradient_(x_ - step_ * v, minus_);
    return (plus_ - minus_) / (2 * step_);
  }

 private:
  ParallelGradient gradient_;
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

void check_power_iteration(const problems::Problem& problem, problems::ConstVectorRef x,
                           const PowerIterationOptions& options) {
  if (x.size() != problem.dim()) {
    throw core::input_error("smoothness: point has dimension {}, problem '{}' has {}", x.size(),
                            problem.name(), problem.dim());
  }
  if (options.max_iterations < 1 || !(options.tolerance > 0) || options.threads < 1) {
    throw core::input_error("smoothness: need max_iterations >= 1, tolerance > 0, threads >= 1");
  }
  if (options.start && (options.start->size() != problem.dim() || !options.start->allFinite() ||
                        options.start->norm() == 0)) {
    throw core::input_error(
        "smoothness: the start vector must be finite, nonzero and of dimension {}", problem.dim());
  }
}

Vector start_vector(const problems::Problem& problem, const PowerIterationOptions& options) {
  return options.start ? options.start->normalized() : random_unit(problem.dim(), options.seed);
}

}  // namespace

CurvatureEstimate hessian_lambda_max(const problems::Problem& problem, problems::ConstVectorRef x,
                                     const PowerIterationOptions& options) {
  check_power_iteration(problem, x, options);
  HessianVector hessian(problem, x, options.threads);
  CurvatureEstimate out;
  out.method = "power iteration on central-difference Hessian-vector products";
  Vector v = start_vector(problem, options);
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
  out.direction = std::move(v);
  return out;
}

CurvatureEstimate hessian_norm(const problems::Problem& problem, problems::ConstVectorRef x,
                               const PowerIterationOptions& options) {
  check_power_iteration(problem, x, options);
  HessianVector hessian(problem, x, options.threads);
  CurvatureEstimate out;
  out.method = "power iteration on central-difference Hessian-vector products, max ‖Hv‖";
  Vector v = start_vector(problem, options);
  Vector previous;  // v of the previous iteration, and ‖Hv‖ there
  double previous_norm = 0;
  for (out.iterations = 1; out.iterations <= options.max_iterations; ++out.iterations) {
    const Vector hv = hessian(v);
    const double norm = hv.norm();
    if (!(norm > 0)) break;  // zero curvature along v: nothing to iterate on
    out.lambda_max = std::max(out.lambda_max, norm);
    // v is an eigenvector of H (residual of the Rayleigh quotient), or, when the top
    // eigenvalues are ±λ and v keeps turning between them, of H² = H·H (H²v_prev = n_prev·Hv).
    const double rayleigh = v.dot(hv);
    out.residual = rayleigh != 0 ? (hv - rayleigh * v).norm() / std::abs(rayleigh)
                                 : std::numeric_limits<double>::infinity();
    if (previous_norm > 0)
      out.residual = std::min(out.residual, (hv / previous_norm - previous).norm());
    if (out.residual <= options.tolerance) {
      out.converged = true;
      break;
    }
    previous = std::move(v);
    previous_norm = norm;
    v = hv / norm;
  }
  out.iterations = std::min(out.iterations, options.max_iterations);
  out.direction = std::move(v);
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
