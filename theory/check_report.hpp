#pragma once
// A check's result as JSON (the stable interface scripts read) and as a human-readable report
// (a table of conditions with their slack and a one-line verdict).

#include <string>

#include "core/json_io.hpp"
#include "theory/check.hpp"

namespace biasbound::theory {

core::Json to_json(const CheckResult& result);

std::string to_text(const CheckResult& result);

}  // namespace biasbound::theory
