#include "theory/theorem.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace biasbound::theory {
namespace {

core::Json names(const std::vector<Symbol>& symbols) {
  auto list = core::Json::array();
  for (Symbol s : symbols) list.push_back(symbol_info(s).name);
  return list;
}

}  // namespace

std::string_view regime_name(Regime regime) {
  return regime == Regime::pl ? "pl" : "nonconvex";
}

Regime parse_regime(std::string_view text) {
  if (text == "pl") return Regime::pl;
  if (text == "nonconvex") return Regime::nonconvex;
  throw core::input_error("--regime '{}': expected pl or nonconvex", text);
}

bool TheoremInfo::needs(Symbol symbol) const {
  return std::find(constants.begin(), constants.end(), symbol) != constants.end() ||
         std::find(parameters.begin(), parameters.end(), symbol) != parameters.end();
}

core::Json summary_json(const TheoremInfo& info) {
  return {{"id", info.id},
          {"regime", regime_name(info.regime)},
          {"title", info.title},
          {"method", info.method},
          {"constants", names(info.constants)},
          {"parameters", names(info.parameters)},
          {"quantity", info.quantity},
          {"provenance", info.provenance}};
}

}  // namespace biasbound::theory
