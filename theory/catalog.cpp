#include "theory/catalog.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "core/error.hpp"
#include "theory/catalog_entries.hpp"

namespace biasbound::theory {
namespace {

const Statements& owned_statements() {
  static const Statements all = [] {
    Statements list;
    for (auto part : {biased_sgd_theorems, momentum_theorems, compressed_gd_theorems,
                      unbiased_compressed_gd_theorems, delayed_compressed_gd_theorems,
                      block_coordinate_theorems, iag_theorems, ef_sgd_theorems, mdsgd_theorems})
      for (auto& statement : part()) list.push_back(std::move(statement));
    return list;
  }();
  return all;
}

const Theorem* find_regime(const std::vector<const Theorem*>& statements, Regime regime) {
  for (const auto* t : statements)
    if (t->info().regime == regime) return t;
  return nullptr;
}

}  // namespace

const std::vector<const Theorem*>& catalog() {
  static const std::vector<const Theorem*> view = [] {
    std::vector<const Theorem*> list;
    for (const auto& statement : owned_statements()) list.push_back(statement.get());
    return list;
  }();
  return view;
}

std::vector<std::string> theorem_ids() {
  std::vector<std::string> ids;
  for (const auto* t : catalog())
    if (ids.empty() || ids.back() != t->info().id) ids.push_back(t->info().id);
  return ids;
}

std::vector<const Theorem*> statements_of(std::string_view id) {
  std::vector<const Theorem*> found;
  for (const auto* t : catalog())
    if (t->info().id == id) found.push_back(t);
  if (found.empty())
    throw core::input_error("unknown theorem '{}'; the catalog has: {}", id,
                            fmt::join(theorem_ids(), ", "));
  return found;
}

Selection select_statement(std::string_view id, std::optional<Regime> requested, bool mu_given) {
  const auto statements = statements_of(id);
  if (requested) {
    if (const auto* t = find_regime(statements, *requested))
      return {t, fmt::format("--regime {}", regime_name(*requested))};
    throw core::input_error("theorem {} has no {} statement; its statement is {}", id,
                            regime_name(*requested), regime_name(statements[0]->info().regime));
  }
  if (statements.size() == 1) return {statements[0], "the only statement of this theorem"};
  if (mu_given) return {find_regime(statements, Regime::pl), "--mu given (default)"};
  return {find_regime(statements, Regime::nonconvex), "no --mu given (default)"};
}

}  // namespace biasbound::theory
