#pragma once
// The theorem catalog: every statement, looked up by id and regime.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "theory/theorem.hpp"

namespace biasbound::theory {

/// Every statement, in catalog order (the order of docs/theory.md).
const std::vector<const Theorem*>& catalog();

/// The distinct ids, in catalog order.
std::vector<std::string> theorem_ids();

/// The statements of `id` (one, or a PL and a nonconvex one). An unknown id is an InputError
/// listing the ids.
std::vector<const Theorem*> statements_of(std::string_view id);

struct Selection {
  const Theorem* theorem;
  std::string reason;  // why this regime: "--regime pl", "--mu given", ...
};

/// Picks the statement of `id` to check: the requested regime if any, else PL when μ is given
/// and the id has a PL statement, else the nonconvex one. Asking for a regime the id lacks is
/// an InputError.
Selection select_statement(std::string_view id, std::optional<Regime> requested, bool mu_given);

}  // namespace biasbound::theory
