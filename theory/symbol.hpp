#pragma once
// The named inputs of a theorem: assumption constants (L, μ, m, ζ², ...), the method's
// parameters (γ, β, β̃) and the initial gap F₀. Each has a command-line flag, a Unicode symbol,
// a meaning for students, and a domain that impossible values violate.

#include <array>
#include <optional>
#include <string_view>

#include "theory/scalar.hpp"

namespace biasbound::theory {

enum class Symbol {
  L,
  L_blk,
  L_max,
  mu,
  m,
  zeta2,
  M,
  sigma2,
  G2,
  delta,
  alpha,
  tau,
  B,
  n,
  gamma,
  beta,
  beta_tilde,
  F0
};

inline constexpr std::array kAllSymbols = {
    Symbol::L, Symbol::L_blk,  Symbol::L_max, Symbol::mu,    Symbol::m,          Symbol::zeta2,
    Symbol::M, Symbol::sigma2, Symbol::G2,    Symbol::delta, Symbol::alpha,      Symbol::tau,
    Symbol::B, Symbol::n,      Symbol::gamma, Symbol::beta,  Symbol::beta_tilde, Symbol::F0};

struct SymbolInfo {
  std::string_view name;     // stable name used in JSON: "zeta2"
  std::string_view flag;     // command-line flag: "--zeta2"
  std::string_view math;     // Unicode symbol: "ζ²"
  std::string_view meaning;  // one sentence for a student
  std::string_view domain;   // the allowed values, in words: "0 ≤ m < 1"
};

const SymbolInfo& symbol_info(Symbol symbol);

/// Throws core::InputError naming `source` (e.g. "--m") when `value` lies outside the domain.
void check_domain(Symbol symbol, const Rational& value, std::string_view source);

}  // namespace biasbound::theory
