#include "theory/catalog_listing.hpp"

#include <fmt/format.h>

#include "theory/catalog.hpp"

namespace biasbound::theory {
namespace {

std::string names(const std::vector<Symbol>& symbols) {
  std::string out;
  for (Symbol s : symbols) out += fmt::format("{}{}", out.empty() ? "" : " ", symbol_info(s).name);
  return out;
}

}  // namespace

core::Json catalog_json() {
  auto list = core::Json::array();
  for (const auto* t : catalog()) list.push_back(summary_json(t->info()));
  return list;
}

std::string catalog_text() {
  std::string out = fmt::format("{:<27}{:<11}{:<24}{:<17}{}\n", "id", "regime", "constants",
                                "parameters", "provenance");
  for (const auto* t : catalog()) {
    const auto& info = t->info();
    out += fmt::format("{:<27}{:<11}{:<24}{:<17}{}\n", info.id, regime_name(info.regime),
                       names(info.constants), names(info.parameters), info.provenance);
  }
  out +=
      "\nEvery statement also needs F0 = f(x0) - f* for its bound. "
      "'biasbound explain ID' prints a theorem in full.\n";
  return out;
}

}  // namespace biasbound::theory
