#include "validators/constant_domains.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>

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

// The value the theory will see for `name`, and where it comes from in words.
std::pair<double, std::string> effective(const Scenario& s, const std::string& name,
                                         const Sourced& derived, std::string_view origin) {
  if (const auto it = s.constants.find(name); it != s.constants.end())
    return {it->second, fmt::format("{} = {} claimed in {}", name, it->second,
                                    s.overrides.empty() ? s.origin : s.origin + " or --set")};
  return {derived.value,
          fmt::format("{} {} = {} ({})", origin, name, derived.value, derived.source)};
}

// μ ≤ L holds for every PL function with L-Lipschitz gradient; the theory checks it too, but
// names its flags --mu and --L.
void check_mu_below_L(const Scenario& s, const theory::TheoremInfo& info,
                      const ProblemConstants& p) {
  if (!info.needs(Symbol::mu) || !info.needs(Symbol::L) || (!p.mu && !s.constants.count("mu")))
    return;
  const auto [L, L_text] = effective(s, "L", p.L, "the problem's");
  const auto [mu, mu_text] = effective(s, "mu", p.mu.value_or(Sourced{0, ""}), "the problem's");
  if (mu > L)
    throw core::input_error("{} exceeds {}: a PL function whose gradient is L-Lipschitz has μ ≤ L",
                            mu_text, L_text);
}

}  // namespace

void check_constant_domains(const Scenario& s, const theory::TheoremInfo& info,
                            const ProblemConstants& p, const EstimatorConstants& e) {
  check(s, info, Symbol::L, p.L, "the problem's");
  check(s, info, Symbol::L_blk, p.L_blk, "the problem's");
  check(s, info, Symbol::L_max, p.L_max, "the problem's");
  check(s, info, Symbol::mu, p.mu, "the problem's");
  check(s, info, Symbol::F0, p.F0, "the problem's");
  check(s, info, Symbol::delta, e.delta, "the compressor's");
  check(s, info, Symbol::alpha, e.alpha, "the compressor's");
  check(s, info, Symbol::G2, e.G2, "the measured");
  check(s, info, Symbol::sigma2, e.sigma2, "the measured");
  check_mu_below_L(s, info, p);
}

}  // namespace biasbound::validators
