#pragma once
// The inputs of one theorem evaluation, in one scalar type. Formulas read the fields by name
// (v.L * v.gamma); generic code reaches them through field(v, symbol).

#include "theory/scalar.hpp"
#include "theory/symbol.hpp"

namespace biasbound::theory {

template <class S>
struct Values {
  S L{}, L_blk{}, L_max{}, mu{}, m{}, zeta2{}, M{}, sigma2{}, G2{}, delta{}, alpha{}, tau{}, B{},
      n{};
  S gamma{}, beta{}, beta_tilde{};
  S F0{};
};

template <class V>
auto& field(V& v, Symbol symbol) {
  switch (symbol) {
    case Symbol::L:
      return v.L;
    case Symbol::L_blk:
      return v.L_blk;
    case Symbol::L_max:
      return v.L_max;
    case Symbol::mu:
      return v.mu;
    case Symbol::m:
      return v.m;
    case Symbol::zeta2:
      return v.zeta2;
    case Symbol::M:
      return v.M;
    case Symbol::sigma2:
      return v.sigma2;
    case Symbol::G2:
      return v.G2;
    case Symbol::delta:
      return v.delta;
    case Symbol::alpha:
      return v.alpha;
    case Symbol::tau:
      return v.tau;
    case Symbol::B:
      return v.B;
    case Symbol::n:
      return v.n;
    case Symbol::gamma:
      return v.gamma;
    case Symbol::beta:
      return v.beta;
    case Symbol::beta_tilde:
      return v.beta_tilde;
    case Symbol::F0:
      return v.F0;
  }
  return v.F0;  // unreachable: the switch covers every Symbol
}

template <class To, class From>
Values<To> convert_values(const Values<From>& from) {
  Values<To> to;
  for (Symbol s : kAllSymbols) field(to, s) = convert<To>(field(from, s));
  return to;
}

}  // namespace biasbound::theory
