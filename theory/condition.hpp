#pragma once
// A named step-size condition lhs ≤ rhs (or lhs < rhs) of a theorem, evaluated at given inputs.

#include <string>

namespace biasbound::theory {

enum class Relation { at_most, less_than };

template <class S>
struct Condition {
  std::string name;     // "step size"
  std::string formula;  // the inequality in Unicode: "γ ≤ 1/((M + 1)L)"
  S lhs;
  S rhs;
  Relation relation = Relation::at_most;
};

/// Whether the condition holds, by plain comparison in its scalar type.
template <class S>
bool holds(const Condition<S>& c) {
  return c.relation == Relation::at_most ? c.lhs <= c.rhs : c.lhs < c.rhs;
}

}  // namespace biasbound::theory
