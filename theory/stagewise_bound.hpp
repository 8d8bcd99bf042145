#pragma once
// A PL bound composed stage by stage over a piecewise-constant step size. Each stage s runs T_s
// iterations at γ_s; its conditions are certified at γ_s as a constant step's are, and the
// statement's own bound, applied from the stage's start with the previous stage's bound in place
// of F₀, gives
//   F_s = ρ_s^{T_s} F_{s−1} + R_s,   F₀ = the statement's F₀,
// ρ_s and R_s the statement's rate and residual at γ_s. This is valid because the bound is
// linear and increasing in F₀ and the method is memoryless (the next iterate depends on x_k
// and fresh noise only): given x at the stage start the statement holds with F₀ = f(x) − f*,
// and taking expectations bounds it by F_{s−1}.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "theory/bound_shape.hpp"
#include "theory/certify.hpp"
#include "theory/step_schedule.hpp"
#include "theory/theorem.hpp"
#include "theory/values.hpp"

namespace biasbound::theory {

struct StageBound {
  ScheduleStage stage{};
  long long start = 0;  // iterations run before this stage
  std::vector<CertifiedCondition> conditions{};
  Verdict admissible = Verdict::undecided;
  /// The statement's bound from the stage's start: coefficient F_{s−1}, decrement 1 − ρ_s,
  /// residual R_s. Empty where the formulas are undefined at γ_s (a pole the conditions
  /// exclude); its coefficient is 0 once an earlier stage broke the composition (then only ρ_s
  /// and R_s are meaningful, for reference).
  std::optional<BoundShape<Wide>> shape{};
  std::optional<Wide> end_bound{};  // F_s
};

struct StagewiseBound {
  std::vector<StageBound> stages{};
  Verdict admissible = Verdict::undecided;      // holds when every stage's conditions hold
  std::optional<std::size_t> first_rejected{};  // index of the first stage not admitted
  std::optional<Wide> bound{};                  // F_S after the whole schedule, when admitted

  long long horizon() const;
  /// The bound after k iterations (0 ≤ k ≤ horizon): within stage s, F_{s−1}ρ_s^t + R_s with
  /// t = k − start_s; at a stage boundary the earlier stage's F_s. Needs an admitted schedule.
  Wide at(long long k) const;
};

/// Why the statement's bound cannot be composed stage by stage, or nullopt when it can: only
/// PL statements about f(x_T) − f* of memoryless methods compose.
std::optional<std::string> schedule_refusal(const TheoremInfo& info);

/// The stage-by-stage bound of `schedule` at the inputs `v` (v.gamma is ignored). A statement
/// schedule_refusal refuses, or one whose bound is not ρ^T F₀ + R, is an InputError naming
/// `what` (the flag).
StagewiseBound stagewise_bound(const Theorem& theorem, const Values<Rational>& v,
                               const StepSchedule& schedule, std::string_view what);

/// The statement's rate and residual at the step γ (decided exactly where the shape is
/// rational), as a bound with coefficient `start`; empty at a pole of the formulas.
std::optional<BoundShape<Wide>> stage_shape(const Theorem& theorem, Values<Rational> v,
                                            const Rational& gamma, const Wide& start);

}  // namespace biasbound::theory
