#pragma once
// A step the toolkit suggests must pass the toolkit's own certified check, in every form a user
// can take it in: the double a run uses (checked at its exact binary value, never via a rounded
// decimal) and the text printed for it (checked as the exact decimal a user would paste back).
// A limit computed in 50 digits and rounded to the nearest double lies above the exact limit
// half the time, so suggestions are searched among doubles against the check itself.

#include <functional>
#include <optional>
#include <string>

#include "theory/scalar.hpp"
#include "theory/theorem.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

/// The exact value of a double (every finite double is a dyadic rational).
Rational exact_value(double x);

/// The double nearest to `q` (ties to even), decided exactly: what a run steps with when the
/// user wrote `q`. Values beyond the largest double give it (or its negative).
double nearest_double(const Rational& q);

/// The exact decimal expansion of a double: finite, and read back by parse_decimal as exactly
/// exact_value(x). For handing a double to an exact check as text.
std::string exact_decimal(double x);

/// The shortest decimal that reads back as `x` (what the CLI prints and JSON holds).
std::string shortest_decimal(double x);

/// Whether the certified check admits γ at the other inputs of `v`: every condition holds,
/// decided exactly (or in 50 digits outside the undecided band). Undecided is not admitted.
bool certified_admits(const Theorem& theorem, Values<Rational> v, const Rational& gamma);

/// The largest positive double x ≤ `ceiling` with admits(x), for an `admits` that holds on an
/// interval (0, x*] of doubles (or on none); nullopt when no positive double is admitted.
std::optional<double> largest_double_where(const std::function<bool(double)>& admits,
                                           double ceiling);

/// The suggested form of a step below `ceiling` (a γ_max or a best γ computed in 50 digits):
/// the largest double x ≤ ceiling such that γ = x · per_step is admitted for the exact value
/// of x and for every printed form of x. per_step is 1 for γ and 1/(1 − β̃) for η.
std::optional<double> suggest_step(const Theorem& theorem, const Values<Rational>& v,
                                   const Wide& ceiling, const Rational& per_step = Rational(1));

}  // namespace biasbound::theory
