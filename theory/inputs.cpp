#include "theory/inputs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "theory/decimal.hpp"

namespace biasbound::theory {
namespace {

std::vector<std::string> flags(const std::vector<Symbol>& symbols) {
  std::vector<std::string> out;
  for (Symbol s : symbols) out.emplace_back(symbol_info(s).flag);
  return out;
}

}  // namespace

Rational parse_number(std::string_view text, std::string_view what) {
  const auto value = parse_decimal(text);
  if (!value)
    throw core::input_error("{} '{}' is not a number: give a decimal (0.5, 1e-3) or a ratio p/q",
                            what, text);
  return *value;
}

void Inputs::set(Symbol symbol, const Rational& value, std::string source) {
  check_domain(symbol, value, source);
  inputs_[symbol] = {value, std::move(source)};
}

void Inputs::set_text(Symbol symbol, std::string_view text, std::string source) {
  const Rational value = parse_number(text, source);
  set(symbol, value, std::move(source));
}

Values<Rational> Inputs::values() const {
  Values<Rational> v;
  for (const auto& [symbol, input] : inputs_) field(v, symbol) = input.value;
  return v;
}

void require_inputs(const TheoremInfo& info, const Inputs& inputs,
                    const std::set<Symbol>& supplied_later) {
  std::vector<Symbol> missing;
  for (const auto& list : {info.constants, info.parameters})
    for (Symbol s : list)
      if (!inputs.has(s) && !supplied_later.count(s)) missing.push_back(s);
  if (missing.empty()) return;
  throw core::input_error("{} ({}) needs the constants {} and the parameters {}; missing: {}",
                          info.id, regime_name(info.regime), fmt::join(flags(info.constants), " "),
                          fmt::join(flags(info.parameters), " "), fmt::join(flags(missing), " "));
}

void check_consistency(const TheoremInfo& info, const Inputs& inputs) {
  if (!info.needs(Symbol::mu) || !info.needs(Symbol::L)) return;
  const auto& mu = inputs.at(Symbol::mu);
  const auto& L = inputs.at(Symbol::L);
  if (mu.value > L.value)
    throw core::input_error(
        "{} = {} exceeds {} = {}: a PL function whose gradient is L-Lipschitz has μ ≤ L", mu.source,
        format_exact(mu.value), L.source, format_exact(L.value));
}

std::vector<Symbol> unused_inputs(const TheoremInfo& info, const Inputs& inputs) {
  std::vector<Symbol> unused;
  for (const auto& [symbol, input] : inputs.all())
    if (symbol != Symbol::F0 && !info.needs(symbol)) unused.push_back(symbol);
  return unused;
}

void set_gamma_from_eta(Inputs& inputs, std::string_view eta_text, const TheoremInfo& info) {
  if (!info.needs(Symbol::beta_tilde))
    throw core::input_error("--eta is the step of heavy-ball methods; {} takes --gamma", info.id);
  if (inputs.has(Symbol::gamma))
    throw core::input_error("give --eta or --gamma, not both (γ = η/(1 − β̃))");
  if (!inputs.has(Symbol::beta_tilde))
    throw core::input_error("--eta needs --beta-tilde to compute γ = η/(1 − β̃)");
  const Rational eta = parse_number(eta_text, "--eta");
  if (eta <= 0) throw core::input_error("--eta = {} is impossible: the step needs η > 0", eta_text);
  inputs.set(Symbol::gamma, eta / (1 - inputs.at(Symbol::beta_tilde).value),
             "--eta/(1 − --beta-tilde)");
}

}  // namespace biasbound::theory
