#pragma once
// The assumptions theorems rest on, by id ("A-smooth"), with their statements.

#include <string_view>

namespace biasbound::theory {

struct AssumptionInfo {
  std::string_view id;         // "A-bias"
  std::string_view statement;  // "‖E g(x) − ∇f(x)‖² ≤ m‖∇f(x)‖² + ζ²"
};

/// The statement of assumption `id`, or nullptr for a free-text assumption a theorem spells out
/// itself.
const AssumptionInfo* find_assumption(std::string_view id);

}  // namespace biasbound::theory
