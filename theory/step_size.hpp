#pragma once
// Using a theorem to choose a step: the largest admissible γ, the γ that minimises the bound at
// a horizon T, and the admissible (γ, β) grid.

#include <optional>
#include <string>
#include <vector>

#include "theory/certify.hpp"
#include "theory/scalar.hpp"
#include "theory/theorem.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

struct GammaMax {
  enum class Kind { bounded, unbounded };
  Kind kind = Kind::bounded;
  Wide value;                     // bounded: the boundary (0 when no γ > 0 is admissible)
  std::optional<Rational> exact;  // the boundary exactly, when it is rational in exact inputs
  bool strict = false;            // γ must stay strictly below value
  std::string method;             // "closed form (exact)", "closed form (50 digits)", "bisection"
  /// The step to suggest: the largest double the certified check admits (suggest_step); from
  /// exact inputs only, and empty when no positive double is admitted.
  std::optional<double> suggested;
};

/// Closed form where the theorem has one (exactly when rational), else bisection; with the
/// suggested double.
GammaMax gamma_max(const Theorem& theorem, const Values<Rational>& v);
GammaMax gamma_max(const Theorem& theorem, const Values<Wide>& v);

/// Bisection on the conditions in 50 digits to a relative width 2⁻¹⁶⁰: the fallback for
/// theorems without a closed form, and a cross-check of the closed forms. Assumes the
/// admissible γ form an interval (0, γ_max].
GammaMax gamma_max_by_bisection(const Theorem& theorem, Values<Wide> v);

/// The bound at horizon T for the inputs `v`.
Wide bound_at(const Theorem& theorem, const Values<Wide>& v, const Wide& T);

/// An admissible γ that minimises bound(T) (Brent's method on log bound(T) over log γ: every
/// catalog bound is unimodal in γ, and the logarithms never underflow); nullopt when the bound
/// keeps decreasing as γ grows without limit.
std::optional<Wide> gamma_best(const Theorem& theorem, Values<Wide> v, const Wide& T);

/// An admissible γ whose bound reaches ε in the fewest iterations: the best γ (gamma_best) at
/// the smallest T for which it reaches ε, searched by doubling and bisection on T (the best
/// bound at T falls as T grows); nullopt when no T ≤ 2⁶⁰ reaches ε or gamma_best has no answer.
std::optional<Wide> gamma_for_eps(const Theorem& theorem, const Values<Wide>& v, const Wide& eps);

/// Certified admissibility on a grid: rows are values of the theorem's momentum parameter
/// (β or β̃; when it has none, one row whose value 0 is unused), columns are the given γ
/// times 2^j for j = −3..3.
struct AdmissibleGrid {
  std::optional<Symbol> row_symbol;
  std::vector<Rational> rows;
  std::vector<Rational> gammas;
  std::vector<std::vector<Verdict>> admissible;  // [row][column]
  std::vector<GammaMax> gamma_max;               // per row
};

AdmissibleGrid admissible_grid(const Theorem& theorem, const Values<Rational>& v);

}  // namespace biasbound::theory
