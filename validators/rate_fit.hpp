#pragma once
// Fits observed_k ≈ A ρ^k + r (A > 0, 0 < ρ < 1, r ≥ 0) on log scale with a robust loss, so the
// fitted rate and residual can be compared with a theorem's.

#include <optional>
#include <vector>

namespace biasbound::validators {

enum class RobustLoss { kCauchy, kHuber };

struct RateFitOptions {
  int begin = 0;             // first index of the fitted (linear) phase
  std::optional<int> end{};  // one past the last index; default: all points
  RobustLoss loss = RobustLoss::kCauchy;
  double loss_scale = 0.1;  // in log units: residuals beyond ~10% count as outliers
  int max_iterations = 500;
};

struct RateFit {
  double A = 0;
  double rho = 0;
  double r = 0;
  double final_cost = 0;  // robustified ½ Σ loss(residual²) at the solution
  int iterations = 0;
  bool converged = false;
};

/// Fits over indices [begin, end) of `observed` (k is the index, so ρ is per index step).
/// Every fitted value must be finite and > 0.
RateFit fit_rate(const std::vector<double>& observed, const RateFitOptions& options = {});

}  // namespace biasbound::validators
