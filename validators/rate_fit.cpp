#include "validators/rate_fit.hpp"

#include <ceres/ceres.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace biasbound::validators {
namespace {

constexpr double kMinA = 1e-300;
constexpr double kMaxRho = 1 - 1e-12;

/// log(A ρ^k + r) − log(observed_k) for one index k.
struct LogResidual {
  double k;
  double log_observed;

  template <typename T>
  bool operator()(const T* a, const T* rho, const T* r, T* residual) const {
    residual[0] = log(a[0] * pow(rho[0], T(k)) + r[0]) - T(log_observed);
    return true;
  }
};

struct Start {
  double A, rho, r;
};

/// r from half the minimum of the last quarter (below the floor, so the head stays positive
/// after subtracting it); A and ρ from a least-squares line through log(observed − r) on the
/// first half.
Start initial_guess(const std::vector<double>& y, int begin, int end) {
  const int n = end - begin;
  const int tail = begin + 3 * n / 4;
  const double r = 0.5 * *std::min_element(y.begin() + tail, y.begin() + end);
  double sk = 0, sl = 0, skk = 0, skl = 0, count = 0;
  for (int k = begin; k < begin + std::max(2, n / 2); ++k) {
    const double above = y[static_cast<std::size_t>(k)] - r;
    if (!(above > 0)) continue;  // a low outlier in the head
    const double l = std::log(above);
    sk += k, sl += l, skk += double(k) * k, skl += k * l, count += 1;
  }
  if (count < 2) return {y[static_cast<std::size_t>(begin)], 0.5, r};
  const double slope = (count * skl - sk * sl) / (count * skk - sk * sk);
  const double intercept = (sl - slope * sk) / count;
  const double rho = std::clamp(std::exp(slope), 1e-6, 1 - 1e-6);
  return {std::max(std::exp(intercept), kMinA), rho, r};
}

ceres::LossFunction* make_loss(const RateFitOptions& options) {
  if (options.loss == RobustLoss::kHuber) return new ceres::HuberLoss(options.loss_scale);
  return new ceres::CauchyLoss(options.loss_scale);
}

void validate(const std::vector<double>& observed, const RateFitOptions& options, int end) {
  if (options.begin < 0 || end > static_cast<int>(observed.size()) || end - options.begin < 4) {
    throw core::input_error("rate fit: index range [{}, {}) of {} points holds fewer than 4",
                            options.begin, end, observed.size());
  }
  for (int k = options.begin; k < end; ++k) {
    const double y = observed[static_cast<std::size_t>(k)];
    if (!std::isfinite(y) || !(y > 0)) {
      throw core::input_error("rate fit: observed[{}] = {} is not finite and positive", k, y);
    }
  }
  if (!(options.loss_scale > 0) || options.max_iterations < 1) {
    throw core::input_error("rate fit: need loss_scale > 0 and max_iterations >= 1");
  }
}

}  // namespace

RateFit fit_rate(const std::vector<double>& observed, const RateFitOptions& options) {
  const int end = options.end.value_or(static_cast<int>(observed.size()));
  validate(observed, options, end);
  const Start start = initial_guess(observed, options.begin, end);
  RateFit fit{start.A, start.rho, start.r, 0, 0, false};

  ceres::Problem problem;
  for (int k = options.begin; k < end; ++k) {
    auto* cost = new ceres::AutoDiffCostFunction<LogResidual, 1, 1, 1, 1>(
        new LogResidual{double(k), std::log(observed[static_cast<std::size_t>(k)])});
    problem.AddResidualBlock(cost, make_loss(options), &fit.A, &fit.rho, &fit.r);
  }
  problem.SetParameterLowerBound(&fit.A, 0, kMinA);
  problem.SetParameterLowerBound(&fit.rho, 0, 1e-12);
  problem.SetParameterUpperBound(&fit.rho, 0, kMaxRho);
  problem.SetParameterLowerBound(&fit.r, 0, 0.0);

  ceres::Solver::Options solver;
  solver.linear_solver_type = ceres::DENSE_QR;
  solver.max_num_iterations = options.max_iterations;
  solver.logging_type = ceres::SILENT;
  ceres::Solver::Summary summary;
  ceres::Solve(solver, &problem, &summary);

  fit.final_cost = summary.final_cost;
  fit.iterations = static_cast<int>(summary.iterations.size()) - 1;
  fit.converged = summary.termination_type == ceres::CONVERGENCE;
  return fit;
}

}  // namespace biasbound::validators
