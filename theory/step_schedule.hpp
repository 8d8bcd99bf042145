#pragma once
// A piecewise-constant step size: T₁ iterations at γ₁, then T₂ at γ₂, and so on. The steps are
// kept as the exact rationals the user wrote ("0.1" is 1/10), so that each stage's conditions
// are decided as exactly as a constant --gamma is; a run takes the nearest doubles.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "theory/scalar.hpp"

namespace biasbound::theory {

struct ScheduleStage {
  long long iterations = 0;  // T_s ≥ 1
  Rational gamma{};          // γ_s > 0, exactly as written
};

struct StepSchedule {
  std::vector<ScheduleStage> stages{};

  /// Σ T_s: the iterations the whole schedule runs.
  long long horizon() const;
};

/// More stages than this are refused: a schedule is a handful of phases, not a step per iterate.
inline constexpr std::size_t kMaxScheduleStages = 1000;
/// The largest T_s accepted, so that Σ T_s stays exact in a long long and a double.
inline constexpr long long kMaxStageIterations = 1'000'000'000'000'000;  // 10¹⁵

/// Reads "T1:g1,T2:g2,..." (T_s a whole number ≥ 1, γ_s a decimal or p/q > 0, read exactly);
/// anything else is an InputError naming `what` (the flag) and the bad piece.
StepSchedule parse_step_schedule(std::string_view text, std::string_view what);

/// The text parse_step_schedule reads back as the same schedule: "T1:g1,T2:g2".
std::string schedule_text(const StepSchedule& schedule);

}  // namespace biasbound::theory
