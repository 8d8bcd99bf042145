#pragma once
// Certified verdicts on a theorem's step-size conditions. With exact (decimal) inputs and
// conditions rational in them, the verdict is decided in exact rational arithmetic, so a γ
// exactly at the boundary is admissible and the next double above it is not. Otherwise the
// conditions are evaluated with 50 significant digits, and a verdict closer to the boundary
// than a relative 1e-30 is reported as undecided rather than guessed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "theory/condition.hpp"
#include "theory/scalar.hpp"
#include "theory/theorem.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

enum class Verdict { holds, fails, undecided };

std::string_view verdict_name(Verdict verdict);

/// Relative width of the undecided band of 50-digit verdicts.
inline const Wide kUndecidedBand{"1e-30"};

struct CertifiedCondition {
  std::string name;
  std::string formula;
  Relation relation = Relation::at_most;
  Wide lhs;
  Wide rhs;
  Wide slack;  // rhs − lhs (exact before rounding when decided exactly)
  Verdict verdict = Verdict::undecided;
  bool exact = false;      // decided in exact rational arithmetic
  bool certified = false;  // the verdict is guaranteed: exact, or outside the undecided band
};

/// Decides lhs ≤ rhs (lhs < rhs) in 50 digits; undecided when |rhs − lhs| ≤ band·max(|lhs|,|rhs|).
Verdict decide_with_band(const Wide& lhs, const Wide& rhs, Relation relation);

/// Exact when the theorem's conditions are rational in the inputs, else 50-digit with the band.
std::vector<CertifiedCondition> certify(const Theorem& theorem, const Values<Rational>& v);
/// From inputs that are not exact: 50-digit with the band.
std::vector<CertifiedCondition> certify(const Theorem& theorem, const Values<Wide>& v);

/// holds when every condition holds, fails when one fails, else undecided.
Verdict combine(const std::vector<CertifiedCondition>& conditions);

}  // namespace biasbound::theory
