#pragma once
// The human-readable account of a validation (validate.json) printed by `biasbound validate`.

#include <string>

#include "core/json_io.hpp"

namespace biasbound::validators {

std::string validation_summary(const core::Json& record);

}  // namespace biasbound::validators
