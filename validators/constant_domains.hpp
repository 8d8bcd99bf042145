#pragma once
// The constants a validation hands to the theory, checked against their domains where they are
// made: an impossible value (a measured δ = 1 − m below 0, an F₀ of 0) is an error naming where
// it came from (the problem, the measurement), not a check flag such as --delta that nobody
// gave. Claimed constants are checked when the scenario is read (scenario.cpp).

#include "theory/theorem.hpp"
#include "validators/estimator_constants.hpp"
#include "validators/problem_constants.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

void check_constant_domains(const Scenario& scenario, const theory::TheoremInfo& info,
                            const ProblemConstants& problem, const EstimatorConstants& estimator);

}  // namespace biasbound::validators
