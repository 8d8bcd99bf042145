#pragma once
// A scenario's step as a run takes it: method.gamma is a number, "best", "max", or a
// piecewise-constant schedule written "T1:g1,T2:g2" (a TOML [[T1, g1], [T2, g2]]). The run
// steps with the nearest doubles to what was written, and validation certifies exactly those
// doubles, so the steps checked are the steps run.

#include <string_view>

#include "core/json_io.hpp"
#include "methods/step_size.hpp"
#include "theory/step_schedule.hpp"
#include "theory/theorem.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

/// Whether `gamma` (a scenario's method.gamma) names a schedule rather than one step.
bool is_schedule(std::string_view gamma);

/// The doubles a run takes: each γ_s the nearest double to the exact value written.
methods::StepSize run_schedule(const theory::StepSchedule& schedule);

/// A run's schedule as the exact values of its doubles: what a check certifies.
theory::StepSchedule exact_schedule(const methods::StepSize& step);

/// Reads "T1:g1,T2:g2" (an InputError naming `what` otherwise) as the doubles a run takes.
methods::StepSize parse_run_schedule(std::string_view text, std::string_view what);

/// [[T1, g1], [T2, g2], …]: a schedule's stages as run.json and validate.json record them.
core::Json stages_json(const methods::StepSize& step);

/// The scenario's schedule (method.gamma = "T1:g1,...") as the run takes it: an InputError
/// naming method.gamma when `info`'s bound does not compose stage by stage or Σ T_s differs
/// from method.iterations.
methods::StepSize scenario_schedule(const Scenario& scenario, const theory::TheoremInfo& info);

}  // namespace biasbound::validators
