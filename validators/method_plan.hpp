#pragma once
// Which method a theorem's validation runs, on what estimator and compressor, and what must be
// measured for the constants the theorem needs (THEORY.md §4).

#include <string>
#include <vector>

#include "methods/seed_run.hpp"
#include "theory/theorem.hpp"
#include "validators/estimator_constants.hpp"
#include "validators/scenario.hpp"

namespace biasbound::validators {

struct MethodPlan {
  methods::MethodSpec method;  // γ is left 0: the theory chooses it
  MeasurePlan measure;
  std::vector<std::string> notes;  // scenario keys the method ignores, initialisations, ...
};

/// An InputError when the scenario lacks what the method needs (a compressor for EF-SGD and
/// M-DSGD).
MethodPlan plan_method(const Scenario& scenario, const theory::TheoremInfo& info);

}  // namespace biasbound::validators
