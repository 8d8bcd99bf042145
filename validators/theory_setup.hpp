#pragma once
// From measured constants to what the theorem says at the scenario's step: the frontier pair
// with the smallest residual, the claimed constants of the scenario on top, the step ("best"
// minimises the bound at T, "max" is the largest admissible, "T1:g1,T2:g2" a schedule checked
// stage by stage), and the certified check there.

#include <map>
#include <string>
#include <vector>

#include "methods/step_size.hpp"
#include "theory/check.hpp"
#include "validators/estimator_constants.hpp"
#include "validators/problem_constants.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

struct TheorySetup {
  theory::CheckResult check;  // at the chosen γ, every input explicit
  double gamma = 0;           // the step, or a schedule's first stage
  methods::StepSize step;     // what the runs take: gamma, or the scenario's schedule
  std::string gamma_source;
  std::vector<std::string> notes;
  /// Where each input came from: "problem", "measured: measure.json bias.frontier[1]",
  /// "claimed (scenario or --set)", "scenario".
  std::map<theory::Symbol, std::string> sources;
};

/// `statement` is the selected theorem statement (id and regime).
TheorySetup setup_theory(const Scenario& scenario, const theory::Theorem& statement,
                         const ProblemConstants& problem, const EstimatorConstants& estimator);

}  // namespace biasbound::validators
