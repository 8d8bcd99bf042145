#pragma once
// The estimator stages a pipeline spec can name: the built-in stages (each stage's file provides
// its maker, which reads and checks the stage's keys against the problem) and any stage a user
// registers. The names accepted in error messages and `--help` come from here.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

using StageMaker =
    std::function<std::unique_ptr<Stage>(core::SpecReader& reader, const problems::Problem&)>;

struct StageEntry {
  std::string name;
  StageMaker make;
  std::string example;  // a spec of the stage with typical keys, e.g. "topk:k=2" (tests, docs)
};

/// Makes `name` usable in pipeline specs ("name:key=value"). The maker reads its keys from the
/// reader and must call reader.finish(), so unknown keys are errors. Names are lowercase
/// letters and digits, and unique. `example` defaults to the bare name. Register before
/// pipelines are parsed on other threads.
void register_stage(std::string name, StageMaker make, std::string example = {});

/// Every entry, built-in first, in registration order (a copy: conformance tests loop over it).
std::vector<StageEntry> stage_entries();

/// The entry for `name`, or nullptr.
const StageEntry* find_stage(std::string_view name);

/// Every registered name, built-in first, in registration order.
std::vector<std::string> stage_names();

/// "ef, exact, minibatch, ..." for error messages (`ef` wraps the stage after it).
std::string accepted_stage_names();

}  // namespace biasbound::estimators
