#pragma once
// Steps checked beside the one a validation runs (Scenario::check_gamma), e.g. the step a paper
// used: whether the theorem covers each, and how far it is from the largest step it covers.
// Exact checks only; nothing is run at these steps.

#include <optional>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "theory/theorem.hpp"
#include "validators/estimator_constants.hpp"
#include "validators/problem_constants.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

struct StepCheck {
  double gamma = 0;
  bool admissible = false;
  std::optional<double> gamma_max{};    // the largest admissible step (with its constants)
  std::vector<std::string> failing{};   // the conditions that fail at gamma
  std::optional<double> bound_T{};      // the bound at T when admissible
  std::optional<double> ratio() const;  // gamma / gamma_max
  /// One sentence, e.g. "γ = 0.5 is 164× the largest step the theorem covers (γ_max = …)".
  std::string sentence() const;
};

/// The theorem checked at each of scenario.check_gamma with the same constants as the run.
std::vector<StepCheck> check_steps(const Scenario& scenario, const theory::Theorem& statement,
                                   const ProblemConstants& problem,
                                   const EstimatorConstants& estimator);

core::Json to_json(const std::vector<StepCheck>& checks);

}  // namespace biasbound::validators
