#pragma once
// The quantity a theorem bounds (theory/quantity.hpp), computed from one seed's trace at every
// horizon T = 0..K. Minima are taken per seed: E min_k ‖∇f(x_k)‖² ≤ min_k E‖∇f(x_k)‖², so a
// violation of the theorem's bound by the seed average is conclusive, while "holds" confirms
// the bound for the (smaller) expected minimum.

#include <string_view>
#include <vector>

#include "methods/seed_run.hpp"

namespace biasbound::validators {

struct QuantityInputs {
  double f_star = 0;
  double lyapunov_a = 0;  // momentum-pl's a = 3γ³L²(1 − β)²/β³
};

/// Values for T = 0..K (K = the trace's iterations); NaN where the quantity is undefined (T = 0
/// for averages and minima over k < T). An unknown name is std::invalid_argument.
std::vector<double> quantity_curve(std::string_view name, const methods::SeedTrace& trace,
                                   const QuantityInputs& inputs);

/// True for quantities that need the virtual sequence z_k (server momentum's Lyapunov).
bool needs_virtual_sequence(std::string_view name);

}  // namespace biasbound::validators
