#include "validators/step_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "validators/theory_setup.hpp"

namespace biasbound::validators {

std::optional<double> StepCheck::ratio() const {
  if (!gamma_max || !(*gamma_max > 0)) return std::nullopt;
  return gamma / *gamma_max;
}

std::string StepCheck::sentence() const {
  const auto limit =
      gamma_max ? fmt::format(" (γ_max = {:.6g})", *gamma_max) : std::string(" (it has none)");
  if (admissible)
    return fmt::format("γ = {:g} is covered: {:.3g} of the largest step the theorem covers{}",
                       gamma, ratio().value_or(0), limit);
  const auto fails = fmt::format("{}", fmt::join(failing, ", "));
  if (const auto r = ratio(); r && *r > 1)
    return fmt::format("γ = {:g} is {:.3g}× the largest step the theorem covers{}: {} fails", gamma,
                       *r, limit, fails);
  return fmt::format("γ = {:g} is not covered{}: {} fails", gamma, limit, fails);
}

std::vector<StepCheck> check_steps(const Scenario& scenario, const theory::Theorem& statement,
                                   const ProblemConstants& problem,
                                   const EstimatorConstants& estimator) {
  std::vector<StepCheck> checks;
  for (const double gamma : scenario.check_gamma) {
    Scenario at = scenario;
    at.gamma = fmt::format("{}", gamma);  // shortest round trip: the check sees this double
    const auto setup = setup_theory(at, statement, problem, estimator);
    StepCheck c;
    c.gamma = gamma;
    c.admissible = setup.check.admissible == theory::Verdict::holds;
    c.gamma_max = setup.check.gamma_max.suggested;
    for (const auto& condition : setup.check.conditions)
      if (condition.verdict != theory::Verdict::holds) c.failing.push_back(condition.name);
    if (c.admissible && setup.check.bound_T)
      c.bound_T = theory::convert<double>(*setup.check.bound_T);
    checks.push_back(std::move(c));
  }
  return checks;
}

core::Json to_json(const std::vector<StepCheck>& checks) {
  core::Json list = core::Json::array();
  for (const auto& c : checks)
    list.push_back({{"gamma", c.gamma},
                    {"admissible", c.admissible},
                    {"gamma_max", core::optional_json(c.gamma_max)},
                    {"ratio_to_gamma_max", core::optional_json(c.ratio())},
                    {"failing", c.failing},
                    {"bound_T", core::optional_json(c.bound_T)},
                    {"sentence", c.sentence()}});
  return list;
}

}  // namespace biasbound::validators
