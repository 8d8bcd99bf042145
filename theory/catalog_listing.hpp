#pragma once
// `biasbound theorems`: the catalog as a table or as JSON.

#include <string>

#include "core/json_io.hpp"

namespace biasbound::theory {

/// One object per statement: id, regime, title, method, constants, parameters, quantity,
/// provenance.
core::Json catalog_json();

std::string catalog_text();

}  // namespace biasbound::theory
