#include "validators/local_smoothness.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace biasbound::validators {
namespace {

// `count` indices spread evenly over [0, size), the first always among them.
std::vector<std::size_t> chosen(std::size_t size, int count) {
  const auto k = std::min(size, static_cast<std::size_t>(count));
  std::vector<std::size_t> indices;
  for (std::size_t j = 0; j < k; ++j)
    indices.push_back(k == 1 ? 0
                             : static_cast<std::size_t>(std::llround(static_cast<double>(j) *
                                                                     static_cast<double>(size - 1) /
                                                                     static_cast<double>(k - 1))));
  return indices;
}

}  // namespace

void LocalSmoothnessOptions::check() const {
  if (points < 1)
    throw core::field_error("LocalSmoothnessOptions.points", points, "must be at least 1");
}

Sourced local_smoothness(const problems::Problem& problem, std::span<const problems::Vector> points,
                         const LocalSmoothnessOptions& options, const CurvatureEstimate* first) {
  options.check();
  if (points.empty()) throw core::input_error("local smoothness: no points to measure L at");
  auto power = options.power;
  double L = 0;
  int converged = 0;
  int largest_iterations = 0;
  const auto indices = chosen(points.size(), options.points);
  for (const auto j : indices) {
    const auto estimate =
        j == 0 && first != nullptr ? *first : hessian_norm(problem, points[j], power);
    L = std::max(L, estimate.lambda_max);
    converged += estimate.converged ? 1 : 0;
    largest_iterations = std::max(largest_iterations, estimate.iterations);
    if (estimate.direction.norm() > 0) power.start = estimate.direction;
    if (options.progress)
      fmt::print(stderr,
                 "validate: local L at point {} of {}: {:.6g} ({} iterations, residual {:.2g})\n",
                 j + 1, points.size(), estimate.lambda_max, estimate.iterations, estimate.residual);
  }
  if (!(L > 0))
    throw core::input_error("local smoothness: the Hessian of '{}' is zero at every point measured",
                            problem.name());
  return {L, fmt::format("local: max of ‖∇²f(x)‖₂ over {} of the {} probed points, by power "
                         "iteration on central-difference Hessian-vector products ({} converged "
                         "to residual {:g}, at most {} iterations); measured on the probed "
                         "region, so a lower estimate of the supremum there, not a global L",
                         indices.size(), points.size(), converged, options.power.tolerance,
                         largest_iterations)};
}

}  // namespace biasbound::validators
