#include "validators/optimum.hpp"

#include <ceres/ceres.h>
#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace biasbound::validators {
namespace {

constexpr int kNewtonIterations = 50;
// The Newton polish stores a dense d × d Jacobian and factors it in O(d³): 3.2 GB and minutes at
// this d, terabytes for a network's 669,706 parameters.
constexpr int kMaxNumericalDim = 20000;

/// f and ∇f of the whole problem, as Ceres' first-order interface wants them.
class Objective final : public ceres::FirstOrderFunction {
 public:
  explicit Objective(const problems::Problem& problem) : problem_(problem) {}

  bool Evaluate(const double* parameters, double* cost, double* gradient) const override {
    const Eigen::Map<const problems::Vector> x(parameters, problem_.dim());
    problems::Vector grad(problem_.dim());
    *cost = problems::value_gradient(problem_, x, grad);
    if (gradient != nullptr) Eigen::Map<problems::Vector>(gradient, problem_.dim()) = grad;
    return std::isfinite(*cost) && grad.allFinite();
  }
  int NumParameters() const override { return problem_.dim(); }

 private:
  const problems::Problem& problem_;
};

/// ∇f(x) as a residual vector, so Levenberg–Marquardt on ‖∇f‖² is a Newton iteration on ∇f = 0.
struct GradientResidual {
  const problems::Problem& problem;

  bool operator()(double const* const* parameters, double* residuals) const {
    const Eigen::Map<const problems::Vector> x(parameters[0], problem.dim());
    Eigen::Map<problems::Vector> grad(residuals, problem.dim());
    return std::isfinite(problems::value_gradient(problem, x, grad)) && grad.allFinite();
  }
};

double gradient_norm(const problems::Problem& problem, const problems::Vector& x) {
  problems::Vector grad(problem.dim());
  problems::value_gradient(problem, x, grad);
  return grad.norm();
}

Optimum known_optimum(const problems::Problem& problem, const problems::AnalyticConstants& c,
                      double target) {
  Optimum out;
  out.f_star = *c.f_star;
  out.x_star = *c.x_star;
  out.gradient_norm = gradient_norm(problem, out.x_star);
  out.exact = true;
  out.tolerance_met = out.gradient_norm <= target;
  out.method = "closed form from the problem: " + c.note;
  return out;
}

/// Stops the polish once ‖∇f‖ = √(2·cost) reaches the target: each further step costs 2d
/// gradient evaluations and buys nothing.
class StopAtTarget final : public ceres::IterationCallback {
 public:
  explicit StopAtTarget(double target) : target_(target) {}
  ceres::CallbackReturnType operator()(const ceres::IterationSummary& summary) override {
    return std::sqrt(2 * summary.cost) <= target_ ? ceres::SOLVER_TERMINATE_SUCCESSFULLY
                                                  : ceres::SOLVER_CONTINUE;
  }

 private:
  double target_;
};

/// L-BFGS stalls once steps change f by less than its rounding (‖∇f‖ ≈ 1e-9 for f of order 1).
/// ∇f itself stays accurate far below that, so Newton steps on ∇f = 0 (Hessian by central
/// differences of ∇f, Levenberg–Marquardt damping) finish the job. Returns iterations taken.
int polish(const problems::Problem& problem, problems::Vector& x, int max_iterations,
           double target) {
  auto* cost = new ceres::DynamicNumericDiffCostFunction<GradientResidual, ceres::CENTRAL>(
      new GradientResidual{problem});
  cost->AddParameterBlock(problem.dim());
  cost->SetNumResiduals(problem.dim());
  ceres::Problem least_squares;
  least_squares.AddResidualBlock(cost, nullptr, x.data());

  ceres::Solver::Options solver;
  solver.linear_solver_type = ceres::DENSE_QR;
  // Near x* the undamped step is Newton's, which converges quadratically: start undamped.
  solver.initial_trust_region_radius = 1e16;
  solver.max_num_iterations = max_iterations;
  // Stop at the target, or when ‖∇f‖² stops decreasing at all (the gradient's rounding floor).
  solver.function_tolerance = 0;
  solver.gradient_tolerance = 0;
  solver.parameter_tolerance = 0;
  solver.logging_type = ceres::SILENT;
  StopAtTarget stop(target);
  solver.callbacks.push_back(&stop);
  ceres::Solver::Summary summary;
  ceres::Solve(solver, &least_squares, &summary);
  return static_cast<int>(summary.iterations.size()) - 1;
}

Optimum solve_optimum(const problems::Problem& problem, const OptimumOptions& options) {
  ceres::GradientProblemSolver::Options solver;
  solver.line_search_direction_type = ceres::LBFGS;
  solver.max_num_iterations = options.max_iterations;
  // Ceres tests the max-norm of the gradient; ‖g‖_∞ ≤ target/√d implies ‖g‖₂ ≤ target.
  solver.gradient_tolerance = options.gradient_target / std::sqrt(double(problem.dim()));
  // Only the gradient decides: relative changes of f stall long before ‖∇f‖ reaches 1e-10.
  solver.function_tolerance = 0;
  solver.parameter_tolerance = 0;
  solver.logging_type = ceres::SILENT;

  Optimum out;
  out.x_star = problem.initial_point();
  const ceres::GradientProblem gradient_problem(new Objective(problem));
  ceres::GradientProblemSolver::Summary summary;
  ceres::Solve(solver, gradient_problem, out.x_star.data(), &summary);

  out.iterations = static_cast<int>(summary.iterations.size()) - 1;
  const double lbfgs_norm = gradient_norm(problem, out.x_star);
  int newton = 0;
  if (lbfgs_norm > options.gradient_target) {
    newton = polish(problem, out.x_star, kNewtonIterations, options.gradient_target);
    out.iterations += newton;
  }
  out.f_star = problems::value(problem, out.x_star);
  out.gradient_norm = gradient_norm(problem, out.x_star);
  out.tolerance_met = out.gradient_norm <= options.gradient_target;
  out.method = fmt::format(
      "Ceres L-BFGS from the initial point ({} iterations, |grad f| = {:.3g}: {}), then {} "
      "Levenberg-Marquardt Newton steps on grad f = 0; final |grad f| = {:.3g}",
      out.iterations - newton, lbfgs_norm, summary.message, newton, out.gradient_norm);
  return out;
}

}  // namespace

std::optional<std::string> optimum_unavailable(const problems::Problem& problem) {
  const auto constants = problem.constants();
  if (constants.f_star && constants.x_star) return std::nullopt;
  if (constants.nonconvex)
    return "is nonconvex and has no closed-form f*: a numerical minimiser would be a local one, "
           "not f*";
  if (problem.dim() > kMaxNumericalDim)
    return fmt::format(
        "has no closed-form f* and x*, and d = {} is above the {} that the numerical solve "
        "(L-BFGS, then Newton steps on a dense d × d Hessian) handles",
        problem.dim(), kMaxNumericalDim);
  return std::nullopt;
}

Optimum find_optimum(const problems::Problem& problem, const OptimumOptions& options) {
  if (!(options.gradient_target > 0)) {
    throw core::input_error("optimum: gradient_target must be > 0, got {}",
                            options.gradient_target);
  }
  if (options.max_iterations < 1) {
    throw core::input_error("optimum: max_iterations must be >= 1, got {}", options.max_iterations);
  }
  const auto constants = problem.constants();
  if (options.use_known && constants.f_star && constants.x_star) {
    return known_optimum(problem, constants, options.gradient_target);
  }
  if (const auto reason = optimum_unavailable(problem))
    throw core::input_error("optimum: problem '{}' {}", problem.name(), *reason);
  return solve_optimum(problem, options);
}

}  // namespace biasbound::validators
