#pragma once
// A check's result as JSON (the stable interface scripts read) and as a human-readable report
// (a table of conditions with their slack and a one-line verdict).

#include <string>

#include "core/json_io.hpp"
#include "theory/check.hpp"

namespace biasbound::theory {

core::Json to_json(const CheckResult& result);

/// A schedule's bound composed stage by stage: each stage's step, conditions, rate, residual
/// and bound at its end (check's "schedule" entry; validate.json's theory.schedule).
core::Json to_json(const StagewiseBound& bound);

std::string to_text(const CheckResult& result);

}  // namespace biasbound::theory
