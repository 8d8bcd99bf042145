#pragma once
// The estimator stages a pipeline spec can name. Each stage's file provides its maker, which
// reads and checks the stage's keys against the problem.

#include <memory>
#include <span>
#include <string_view>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

using StageMaker = std::unique_ptr<Stage> (*)(core::SpecReader& reader,
                                              const problems::Problem& problem);

struct StageEntry {
  std::string_view name;
  StageMaker make;
};

std::span<const StageEntry> stage_registry();

/// "exact, minibatch, ..." for error messages.
std::string accepted_stage_names();

}  // namespace biasbound::estimators
