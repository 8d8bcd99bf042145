#pragma once
// The problem constants a validation needs (THEORY.md §1): L, μ, f*, F₀ = f(x₀) − f*, each
// with how it was obtained. Analytic values are used where the problem knows them; otherwise
// L by power iteration on Hessian-vector products, μ by the empirical PL estimate along a
// gradient-descent path, f* by a tight L-BFGS solve.

#include <cstdint>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "problems/problem.hpp"
#include "validators/optimum.hpp"

namespace biasbound::validators {

/// A constant and how it was obtained, e.g. {0.25, "analytic (quadratic spectrum)"}.
struct Sourced {
  double value = 0;
  std::string source;
};

core::Json to_json(const Sourced& constant);
Sourced sourced_from_json(const core::Json& json);

struct ProblemConstants {
  Sourced L;
  std::optional<Sourced> L_blk;  // block smoothness, block-coordinate statements only
  std::optional<Sourced> L_max;  // largest worker smoothness, IAG statements only
  std::optional<Sourced> mu;     // only when asked for
  Sourced f_star;
  Sourced F0;
  std::optional<double> optimum_gradient_norm;  // ‖∇f(x*)‖ at the minimiser, when there is one
};

/// The seeds whose runs a bound covers. A problem that draws x₀ per seed (a network) starts
/// each at a different point, so F₀ is the largest f(x₀) − f* over them.
struct SeedRange {
  std::uint64_t first = 1;
  int count = 1;
};

core::Json to_json(const ProblemConstants& constants);
ProblemConstants problem_constants_from_json(const core::Json& json);

/// `need_mu`: PL statements only. `pl_path_iterations` gradient steps from x₀ (step 1/L) give
/// the points of the empirical PL estimate when μ has no closed form.
ProblemConstants problem_constants(const problems::Problem& problem, bool need_mu,
                                   long long pl_path_iterations);

/// The same around an optimum already found (find_optimum), which a validation shares with its
/// measurement's probes.
ProblemConstants problem_constants(const problems::Problem& problem, const Optimum& optimum,
                                   bool need_mu, long long pl_path_iterations,
                                   SeedRange seeds = {});

/// For a problem without f* (optimum_unavailable: a network) whose constants state a lower
/// bound on f: f* is replaced by that bound, so F₀ = max f(x₀) − f_lower is an upper bound on
/// f(x₀) − f* (valid for a bound, and said so), and `L` is the caller's local measurement
/// (local_smoothness). No μ: PL statements need f*.
ProblemConstants lower_bounded_constants(const problems::Problem& problem, Sourced L,
                                         SeedRange seeds = {});

}  // namespace biasbound::validators
