#pragma once
// Helpers for the theory tests: exact values, statements by id, and relative errors.

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string_view>
#include <utility>

#include "theory/catalog.hpp"
#include "theory/scalar.hpp"
#include "theory/values.hpp"

namespace biasbound::theory::testing {

/// The rational num/den.
inline Rational q(long long num, long long den = 1) {
  return Rational(num, den);
}

/// Exact inputs; symbols not listed are 0.
inline Values<Rational> exact(std::initializer_list<std::pair<Symbol, Rational>> list) {
  Values<Rational> v;
  for (const auto& [symbol, value] : list) field(v, symbol) = value;
  return v;
}

/// Valid inputs for every symbol (μ ≤ L); each statement reads the ones it needs.
inline Values<Rational> all_inputs() {
  return exact({{Symbol::L, q(3, 2)},
                {Symbol::L_blk, q(3, 4)},
                {Symbol::L_max, q(2)},
                {Symbol::mu, q(1, 7)},
                {Symbol::m, q(1, 3)},
                {Symbol::zeta2, q(1, 20)},
                {Symbol::M, q(1, 2)},
                {Symbol::sigma2, q(3, 10)},
                {Symbol::G2, q(2)},
                {Symbol::delta, q(1, 5)},
                {Symbol::alpha, q(5, 2)},
                {Symbol::tau, q(2)},
                {Symbol::B, q(3)},
                {Symbol::n, q(4)},
                {Symbol::gamma, q(1, 90)},
                {Symbol::beta, q(2, 3)},
                {Symbol::beta_tilde, q(1, 3)},
                {Symbol::F0, q(7)}});
}

/// The statement of `id` in `regime`.
inline const Theorem& statement(std::string_view id, Regime regime) {
  return *select_statement(id, regime, false).theorem;
}

inline Wide relative_error(const Wide& actual, const Wide& expected) {
  return boost::multiprecision::abs(actual - expected) / boost::multiprecision::abs(expected);
}

inline double relative_error(double actual, double expected) {
  return std::abs(actual - expected) / std::abs(expected);
}

/// The exact shape of a statement whose formulas are rational (all catalog statements).
inline BoundShape<Rational> exact_shape(const Theorem& t, const Values<Rational>& v) {
  const auto shape = t.shape(v);
  REQUIRE(shape.has_value());
  return *shape;
}

/// The exact closed-form γ_max of a statement whose limit is rational.
inline Rational exact_gamma_limit(const Theorem& t, const Values<Rational>& v) {
  const auto limit = t.gamma_limit(v);
  REQUIRE(limit.kind == GammaLimit<Rational>::Kind::bounded);
  return limit.value;
}

}  // namespace biasbound::theory::testing
