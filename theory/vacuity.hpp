#pragma once
// A bound that never falls below the value its quantity already has at x₀ promises nothing:
// the theorem holds, vacuously. check and validate say so plainly, name the constant that
// dominates the residual, say what would make the theorem useful, and never offer the
// minimiser of such a bound as a suggested step.

#include <optional>

#include "theory/check.hpp"

namespace biasbound::theory {

/// The vacuity of `r` (a check with F₀ given) at the exact inputs `v`, or nullopt when the
/// bound falls below the quantity's starting value. Uses r.shape, r.bound_T and
/// r.bound_T_at_gamma_best.
std::optional<Vacuity> vacuity(const CheckResult& r, const Values<Rational>& v);

}  // namespace biasbound::theory
