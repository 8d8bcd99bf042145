#pragma once
// f* = inf f and the minimiser x*: exact when the problem knows them, otherwise a tight L-BFGS
// solve (Ceres) whose achieved gradient norm is reported, not assumed.

#include <optional>
#include <string>

#include "problems/problem.hpp"

namespace biasbound::validators {

struct OptimumOptions {
  bool use_known = true;           // take f*, x* from Problem::constants() when both are known
  double gradient_target = 1e-10;  // ‖∇f(x*)‖₂ the numerical solve aims for
  int max_iterations = 100000;
};

struct Optimum {
  double f_star = 0;
  problems::Vector x_star;
  double gradient_norm = 0;  // ‖∇f(x*)‖₂ recomputed at the returned point
  int iterations = 0;        // L-BFGS plus Newton polish iterations; 0 when exact
  bool exact = false;        // taken from the problem's closed form
  bool tolerance_met = false;
  std::string method;  // how f* was obtained, with the solver's termination message
};

/// Why find_optimum cannot give f* for `problem` (nonconvex without a closed form, or too large
/// for the numerical solve), in words that follow "problem 'NAME' "; nullopt when it can.
std::optional<std::string> optimum_unavailable(const problems::Problem& problem);

/// Numerical path: Ceres L-BFGS on f, then (if ‖∇f‖ is still above target) Levenberg–Marquardt
/// Newton steps on ∇f = 0, whose dense central-difference Hessian costs 2d gradient evaluations
/// and O(d³) per step. A nonconvex problem without closed-form f* (a network), or one above
/// d = 20,000, is an InputError naming the problem: neither gives f* this way.
Optimum find_optimum(const problems::Problem& problem, const OptimumOptions& options = {});

}  // namespace biasbound::validators
