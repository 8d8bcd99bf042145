#include "theory/quantity.hpp"

#include <stdexcept>
#include <string>

namespace biasbound::theory {

const std::vector<QuantityInfo>& quantities() {
  static const std::vector<QuantityInfo> table = {
      {"avg_grad_norm2", "(1/T) Σ_{k<T} ‖∇f(x_k)‖²",
       "the average squared gradient norm over the first T iterates x_0..x_{T−1}; small means "
       "the run spent its time near stationary points",
       QuantityScale::kGradNorm2, Quantity::kAvgGradNorm2, "(1/T) Σ_{k<T} ‖∇f(x_k)‖^2"},
      {"min_grad_norm2", "min_{k<T} ‖∇f(x_k)‖²",
       "the smallest squared gradient norm among the first T iterates x_0..x_{T−1}",
       QuantityScale::kGradNorm2, Quantity::kMinGradNorm2, "min_{k<T} ‖∇f(x_k)‖^2"},
      {"min_grad_norm2_incl_T", "min_{k≤T} ‖∇f(x_k)‖²",
       "the smallest squared gradient norm among the T + 1 iterates x_0..x_T (the last one "
       "included)",
       QuantityScale::kGradNorm2, Quantity::kMinGradNorm2InclT, "min_{k≤T} ‖∇f(x_k)‖^2"},
      {"f_gap_last", "f(x_T) − f*", "how far the last iterate's value is above the optimum",
       QuantityScale::kOptimalityGap, Quantity::kFGapLast, "f(x_T) − f^*"},
      {"momentum_lyapunov", "Φ_T = f(z_T) − f* + a‖v_{T−1}‖²",
       "the optimality gap at the virtual point z_T = x_T − γ((1 − β)/β)v_{T−1} plus the "
       "momentum buffer's energy, a = 3γ³L²(1 − β)²/β³; it bounds f(x_T) − f* up to the "
       "factor β/(3γL)",
       QuantityScale::kOptimalityGap, Quantity::kMomentumLyapunov,
       "Φ_T = f(z_T) − f^* + a‖v_{T−1}‖^2", true},
  };
  return table;
}

const QuantityInfo& quantity_info(std::string_view name) {
  for (const auto& q : quantities())
    if (q.name == name) return q;
  throw std::invalid_argument("unknown quantity '" + std::string(name) + "'");
}

}  // namespace biasbound::theory
