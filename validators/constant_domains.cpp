#include "validators/constant_domains.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "theory/decimal.hpp"
#include "theory/symbol.hpp"

namespace biasbound::validators {
namespace {

using theory::Symbol;

void check(const Scenario& s, const theory::TheoremInfo& info, Symbol symbol,
           const std::optional<Sourced>& value, std::string_view origin) {
  const auto name = std::string(theory::symbol_info(symbol).name);
  if (!value || s.constants.count(name) || !(symbol == Symbol::F0 || info.needs(symbol))) return;
  const auto exact = theory::parse_decimal(fmt::format("{}", value->value));
  if (!exact)
    throw core::input_error("{} {} = {} is not a finite number ({})", origin, name, value->value,
                            value->source);
  theory::check_domain(symbol, *exact, fmt::format("{} {} ({})", origin, name, value->source));
}

}  // namespace

void check_constant_domains(const Scenario& s, const theory::TheoremInfo& info,
                            const ProblemConstants& p, const EstimatorConstants& e) {
  check(s, info, Symbol::L, p.L, "the problem's");
  check(s, info, Symbol::mu, p.mu, "the problem's");
  check(s, info, Symbol::F0, p.F0, "the problem's");
  check(s, info, Symbol::delta, e.delta, "the compressor's");
  check(s, info, Symbol::alpha, e.alpha, "the compressor's");
  check(s, info, Symbol::G2, e.G2, "the measured");
  check(s, info, Symbol::sigma2, e.sigma2, "the measured");
}

}  // namespace biasbound::validators
