#include "validators/scenario_step.hpp"

#include "core/error.hpp"
#include "theory/scalar.hpp"
#include "theory/stagewise_bound.hpp"
#include "theory/suggested_step.hpp"

namespace biasbound::validators {

bool is_schedule(std::string_view gamma) {
  return gamma.find(':') != std::string_view::npos;
}

methods::StepSize run_schedule(const theory::StepSchedule& schedule) {
  std::vector<methods::StepStage> stages;
  for (const auto& stage : schedule.stages)
    stages.push_back({stage.iterations, theory::nearest_double(stage.gamma)});
  return methods::StepSize::piecewise(std::move(stages));
}

theory::StepSchedule exact_schedule(const methods::StepSize& step) {
  theory::StepSchedule schedule;
  for (const auto& stage : step.stages())
    schedule.stages.push_back({stage.iterations, theory::exact_value(stage.gamma)});
  return schedule;
}

methods::StepSize parse_run_schedule(std::string_view text, std::string_view what) {
  return run_schedule(theory::parse_step_schedule(text, what));
}

core::Json stages_json(const methods::StepSize& step) {
  core::Json pairs = core::Json::array();
  for (const auto& stage : step.stages())
    pairs.push_back(core::Json::array({stage.iterations, stage.gamma}));
  return pairs;
}

methods::StepSize scenario_schedule(const Scenario& scenario, const theory::TheoremInfo& info) {
  if (const auto why = theory::schedule_refusal(info))
    throw core::input_error("method.gamma = \"{}\" is a step schedule, but {}", scenario.gamma,
                            *why);
  auto step = parse_run_schedule(scenario.gamma, "method.gamma");
  if (step.horizon() != scenario.iterations)
    throw core::input_error(
        "method.gamma = \"{}\" runs Σ T_s = {} iterations but method.iterations = {}: make them "
        "agree",
        scenario.gamma, step.horizon(), scenario.iterations);
  return step;
}

}  // namespace biasbound::validators
