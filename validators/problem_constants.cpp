#include "validators/problem_constants.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
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

// max over the seeds' starting points of f(x₀) − f_ref, with the words for its source.
Sourced initial_gap(const problems::Problem& problem, double f_ref, SeedRange seeds,
                    std::string_view ref_words) {
  const problems::Vector x0 = problem.initial_point();
  double f0 = problems::value(problem, x0);
  std::uint64_t argmax = seeds.first;
  bool drawn = false;
  for (int j = 0; j < seeds.count; ++j) {
    const auto seed = seeds.first + static_cast<std::uint64_t>(j);
    const problems::Vector start = problem.seeded_initial_point(seed);
    if (start == x0) continue;
    drawn = true;
    const double f = problems::value(problem, start);
    if (f > f0) {
      f0 = f;
      argmax = seed;
    }
  }
  if (!drawn) return {f0 - f_ref, fmt::format("f(x0) − {} with f(x0) = {:.17g}", ref_words, f0)};
  return {f0 - f_ref, fmt::format("max over the {} seeds' x0 of f(x0) − {}: f(x0) = {:.17g} at "
                                  "seed {}",
                                  seeds.count, ref_words, f0, argmax)};
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
                  {"L_blk", c.L_blk ? to_json(*c.L_blk) : core::Json(nullptr)},
                  {"L_max", c.L_max ? to_json(*c.L_max) : core::Json(nullptr)},
                  {"mu", c.mu ? to_json(*c.mu) : core::Json(nullptr)},
                  {"f_star", to_json(c.f_star)},
                  {"F0", to_json(c.F0)},
                  {"optimum_gradient_norm", core::optional_json(c.optimum_gradient_norm)}};
  return j;
}

ProblemConstants problem_constants_from_json(const core::Json& j) {
  ProblemConstants c;
  c.L = sourced_from_json(j.at("L"));
  if (const auto& L_blk = j.value("L_blk", core::Json()); !L_blk.is_null())
    c.L_blk = sourced_from_json(L_blk);
  if (const auto& L_max = j.value("L_max", core::Json()); !L_max.is_null())
    c.L_max = sourced_from_json(L_max);
  if (!j.at("mu").is_null()) c.mu = sourced_from_json(j.at("mu"));
  c.f_star = sourced_from_json(j.at("f_star"));
  c.F0 = sourced_from_json(j.at("F0"));
  if (const auto& norm = j.at("optimum_gradient_norm"); !norm.is_null())
    c.optimum_gradient_norm = norm.get<double>();
  return c;
}

ProblemConstants problem_constants(const problems::Problem& problem, bool need_mu,
                                   long long pl_path_iterations) {
  return problem_constants(problem, find_optimum(problem), need_mu, pl_path_iterations);
}

ProblemConstants problem_constants(const problems::Problem& problem, const Optimum& optimum,
                                   bool need_mu, long long pl_path_iterations, SeedRange seeds) {
  ProblemConstants c;
  c.f_star = {optimum.f_star, optimum.method};
  c.optimum_gradient_norm = optimum.gradient_norm;
  c.L = smoothness(problem, optimum.x_star);
  if (need_mu) c.mu = pl_constant(problem, c.L.value, optimum.f_star, pl_path_iterations);
  c.F0 = initial_gap(problem, optimum.f_star, seeds, "f*");
  return c;
}

ProblemConstants lower_bounded_constants(const problems::Problem& problem, Sourced L,
                                         SeedRange seeds) {
  const auto f_lower = problem.constants().f_lower;
  if (!f_lower)
    throw core::input_error(
        "problem '{}' has no f* and states no lower bound on f: F0 = f(x0) − f* is unknown",
        problem.name());
  ProblemConstants c;
  c.f_star = {*f_lower, fmt::format("unknown; the problem's lower bound f >= {:g} stands in for it",
                                    *f_lower)};
  c.L = std::move(L);
  c.F0 = initial_gap(problem, *f_lower, seeds, fmt::format("{:g}", *f_lower));
  c.F0.source += fmt::format(
      "; an upper bound on f(x0) − f*, since f* >= {:g} (the bound stays valid, possibly looser)",
      *f_lower);
  return c;
}

}  // namespace biasbound::validators
