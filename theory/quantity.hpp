#pragma once
// The quantities theorems bound, by stable name. A validator computes each from a trace of a
// run (iterates x_0..x_T, and for momentum the buffer v_{T−1}); the names are its interface.

#include <string_view>
#include <vector>

namespace biasbound::theory {

/// What a quantity measures, and so its value at x₀: F₀ for optimality gaps (Φ₀ = F₀ too, as
/// v₋₁ = 0), ‖∇f(x₀)‖² ≤ 2L·F₀ for squared gradient norms.
enum class QuantityScale { kOptimalityGap, kGradNorm2 };

/// The quantities, for code that computes them (validators/quantity_curve.cpp); their names
/// are written once, in the table below.
enum class Quantity {
  kAvgGradNorm2,
  kMinGradNorm2,
  kMinGradNorm2InclT,
  kFGapLast,
  kMomentumLyapunov
};

struct QuantityInfo {
  std::string_view name;     // "avg_grad_norm2"
  std::string_view formula;  // "(1/T) Σ_{k<T} ‖∇f(x_k)‖²"
  std::string_view meaning;  // for a student
  QuantityScale scale;
  Quantity id;
  std::string_view plot_label;  // the formula in gnuplot's enhanced text (written to validate.json)
  bool needs_virtual_sequence = false;  // computed from the run's f(z_k) and ‖v_{k−1}‖²
};

const std::vector<QuantityInfo>& quantities();

/// The entry named `name`; throws std::invalid_argument for a name no theorem uses.
const QuantityInfo& quantity_info(std::string_view name);

}  // namespace biasbound::theory
