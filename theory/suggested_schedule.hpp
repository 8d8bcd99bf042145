#pragma once
// The best stagewise schedule for a horizon T in a small family, suggested only where it beats
// the best constant step. The family: start at a suggested step (γ_max, or the best constant γ
// for T) and halve γ at each stage boundary; stage s < S runs until its transient F_{s−1}ρ_s^t
// has fallen to its residual R_s (the residual dominates, and a smaller γ lowers it), and the
// last stage runs the rest; S = 2..kMaxSuggestedStages, the lowest composed bound wins.
//
// Every step in it is a suggest_step double, printed as its shortest decimal, and the schedule
// holds those decimals exactly: the text a user pastes back is the schedule that was scored,
// and stagewise_bound on it gives the reported bound to the last bit.

#include <optional>
#include <string>

#include "theory/scalar.hpp"
#include "theory/step_schedule.hpp"
#include "theory/theorem.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

inline constexpr int kMaxSuggestedStages = 20;

struct ScheduleSuggestion {
  double constant_gamma = 0;  // the best constant step for T (suggested double)
  Wide constant_bound{};      // its bound at T
  /// The best schedule of the family (S ≥ 2 stages), whether or not it wins; empty when the
  /// family has none (T < 2, or no halved step is admitted).
  std::optional<StepSchedule> schedule{};
  std::optional<Wide> bound{};        // its composed bound at T, as stagewise_bound reports it
  bool beats_constant = false;        // bound < constant_bound: the schedule is suggested
  std::optional<Wide> improvement{};  // constant_bound / bound (> 1 when it beats the constant)
  std::string rule{};                 // how the schedule was built, for the report
};

/// The suggestion for horizon T ≥ 1 at the inputs `v` (v.gamma ignored); nullopt when no
/// constant step has a best value (no admissible double, or the bound decreases without limit).
/// A statement that does not compose is an InputError naming `what`.
std::optional<ScheduleSuggestion> suggest_schedule(const Theorem& theorem,
                                                   const Values<Rational>& v, long long T,
                                                   std::string_view what);

}  // namespace biasbound::theory
