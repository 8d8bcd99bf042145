#include "validators/problem_constants.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "validators/optimum.hpp"
#include "validators/smoothness.hpp"

namespace biasbound::validators {
namespace {

Sourced smoothness(const problems::Problem& problem, const problems::Vector& x_star) {
  const auto constants = problem.constants();
  if (constants.L) return {*constants.L, fmt::format("analytic ({})", constants.note)};
  const auto at_start = hessian_lambda_max(problem, problem.initial_point());
  const auto at_optimum = hessian_lambda_max(problem, x_star);
  return {std::max(at_start.lambda_max, at_optimum.lambda_max),
          "power iteration on Hessian-vector products at x0 and x* (the larger; L is the "
          "supremum over all x, so this is a lower estimate away from them)"};
}

Sourced pl_constant(const problems::Problem& problem, double L, double f_star,
                    long long iterations) {
  const auto constants = problem.constants();
  if (constants.mu) return {*constants.mu, fmt::format("analytic ({})", constants.note)};
  std::vector<problems::Vector> points;
  problems::Vector x = problem.initial_point();
  problems::Vector gradient(problem.dim());
  for (long long k = 0; k <= iterations; ++k) {
    points.push_back(x);
    problems::value_gradient(problem, x, gradient);
    x -= gradient / L;
  }
  const auto estimate = empirical_pl(problem, points, f_star);
  return {estimate.mu,
          fmt::format("empirical PL: min ‖∇f‖²/(2(f − f*)) over {} points of a gradient-descent "
                      "path from x0 (step 1/L), {} too close to f* skipped",
                      estimate.used, estimate.skipped)};
}

}  // namespace

core::Json to_json(const Sourced& c) {
  return {{"value", c.value}, {"source", c.source}};
}

Sourced sourced_from_json(const core::Json& j) {
  return {j.at("value").get<double>(), j.at("source").get<std::string>()};
}

core::Json to_json(const ProblemConstants& c) {
  core::Json j = {{"L", to_json(c.L)},
                  {"mu", c.mu ? to_json(*c.mu) : core::Json(nullptr)},
                  {"f_star", to_json(c.f_star)},
                  {"F0", to_json(c.F0)},
                  {"optimum_gradient_norm", c.optimum_gradient_norm}};
  return j;
}

ProblemConstants problem_constants_from_json(const core::Json& j) {
  ProblemConstants c;
  c.L = sourced_from_json(j.at("L"));
  if (!j.at("mu").is_null()) c.mu = sourced_from_json(j.at("mu"));
  c.f_star = sourced_from_json(j.at("f_star"));
  c.F0 = sourced_from_json(j.at("F0"));
  c.optimum_gradient_norm = j.at("optimum_gradient_norm").get<double>();
  return c;
}

ProblemConstants problem_constants(const problems::Problem& problem, bool need_mu,
                                   long long pl_path_iterations) {
  return problem_constants(problem, find_optimum(problem), need_mu, pl_path_iterations);
}

ProblemConstants problem_constants(const problems::Problem& problem, const Optimum& optimum,
                                   bool need_mu, long long pl_path_iterations) {
  ProblemConstants c;
  c.f_star = {optimum.f_star, optimum.method};
  c.optimum_gradient_norm = optimum.gradient_norm;
  c.L = smoothness(problem, optimum.x_star);
  if (need_mu) c.mu = pl_constant(problem, c.L.value, optimum.f_star, pl_path_iterations);
  const double f0 = problems::value(problem, problem.initial_point());
  c.F0 = {f0 - optimum.f_star, fmt::format("f(x0) − f* with f(x0) = {:.17g}", f0)};
  return c;
}

}  // namespace biasbound::validators
