#pragma once
// Iterations to reach ε decided exactly: the smallest T with bound(T) ≤ ε for a bound whose
// shape is rational in the inputs. A floating-point count is off by one at exact ties (a bound
// that reaches ε exactly at some T), and then contradicts the bound(T) printed beside it.

#include <optional>

#include "theory/bound_shape.hpp"
#include "theory/scalar.hpp"

namespace biasbound::theory {

/// The smallest T ≥ first_horizon(shape) with bound(T) ≤ eps, or nullopt ("never") when the
/// residual is at least eps or the bound never decreases. Sublinear bounds are decided in exact
/// rational arithmetic; linear ones compare C·ρ^T with ε − residual in 50 digits and settle
/// near-ties exactly with integer powers (T·log₂ of ρ's terms up to kExactPowerBits).
std::optional<Wide> exact_iterations_to_eps(const BoundShape<Rational>& shape, const Rational& eps);

/// Whether bound(T) ≤ eps, decided as exact_iterations_to_eps decides it.
bool bound_reaches(const BoundShape<Rational>& shape, const Rational& eps, const Wide& T);

/// The size of exact powers worth computing, in bits of ρ^T's numerator and denominator.
inline constexpr long kExactPowerBits = 4'000'000;

}  // namespace biasbound::theory
