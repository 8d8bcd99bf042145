#pragma once
// Every catalog bound has one of two shapes, which is all the step-size search and the
// iteration count need to know about it:
//   linear     bound(T) = coefficient · (1 − decrement)^T + residual     (PL statements)
//   sublinear  bound(T) = coefficient / (T + offset)      + residual     (nonconvex statements)
// The rate of a linear bound is kept as its decrement 1 − ρ, never as ρ itself: rates such as
// 1 − 1e-12 would lose their digits to cancellation, and ρ^T is computed as exp(T·log1p(−d)) so
// that huge T neither underflows nor accumulates rounding.

#include <cmath>
#include <optional>

#include "theory/scalar.hpp"

namespace biasbound::theory {

enum class RateKind { linear, sublinear };

template <class S>
struct BoundShape {
  RateKind kind = RateKind::sublinear;
  S coefficient{};  // F₀ for linear bounds; the constant C of C/(T + offset) otherwise
  S decrement{};    // linear only: 1 − rate
  S offset{};       // sublinear only: 0, or 1 when the quantity runs over k = 0..T
  S residual{};     // the limit T → ∞

  static BoundShape linear(const S& decrement, const S& coefficient, const S& residual) {
    return {RateKind::linear, coefficient, decrement, S(0), residual};
  }
  static BoundShape sublinear(const S& coefficient, const S& offset, const S& residual) {
    return {RateKind::sublinear, coefficient, S(0), offset, residual};
  }
};

/// (1 − decrement)^T for 0 ≤ decrement ≤ 1 and T ≥ 0, accurate for decrements near 0.
template <class S>
S rate_power(const S& decrement, const S& T) {
  using std::exp;
  using std::log1p;
  if (T == 0) return S(1);
  if (decrement >= 1) return S(0);
  return exp(T * log1p(-decrement));
}

template <class S>
S bound_at(const BoundShape<S>& shape, const S& T) {
  if (shape.kind == RateKind::linear)
    return shape.coefficient * rate_power(shape.decrement, T) + shape.residual;
  return shape.coefficient / (T + shape.offset) + shape.residual;
}

/// log bound(T), finite even where bound(T) itself would underflow (a linear bound with no
/// residual at huge T): searches over γ compare these instead of the bounds.
template <class S>
S log_bound_at(const BoundShape<S>& shape, const S& T) {
  using std::abs;
  using std::exp;
  using std::log;
  using std::log1p;
  using std::max;
  if (shape.kind == RateKind::sublinear || shape.decrement >= 1) return log(bound_at(shape, T));
  const S transient = log(shape.coefficient) + T * log1p(-shape.decrement);
  if (shape.residual <= 0) return transient;
  // log(e^a + e^b) = max(a, b) + log1p(e^−|a − b|).
  const S floor = log(shape.residual);
  return max(transient, floor) + log1p(exp(-abs(transient - floor)));
}

template <class To, class From>
BoundShape<To> convert_shape(const BoundShape<From>& s) {
  return {s.kind, convert<To>(s.coefficient), convert<To>(s.decrement), convert<To>(s.offset),
          convert<To>(s.residual)};
}

/// The smallest horizon a bound is defined at: 1 for averages over k < T, else 0.
template <class S>
S first_horizon(const BoundShape<S>& shape) {
  return shape.kind == RateKind::sublinear && shape.offset == 0 ? S(1) : S(0);
}

/// The smallest T ≥ first_horizon with bound(T) ≤ eps, or nullopt ("never") when the residual
/// is at least eps (the bound then stays above eps for every T).
template <class S>
std::optional<S> iterations_to_eps(const BoundShape<S>& shape, const S& eps) {
  using std::ceil;
  using std::log;
  using std::log1p;
  using std::max;
  if (shape.residual >= eps) return std::nullopt;
  const S gap = eps - shape.residual;
  const S start = first_horizon(shape);
  S T = start;
  if (shape.coefficient > gap) {
    if (shape.kind == RateKind::sublinear)
      T = max(start, S(ceil(shape.coefficient / gap - shape.offset)));
    else if (shape.decrement <= 0)
      return std::nullopt;  // the bound never decreases
    else if (shape.decrement >= 1)
      T = S(1);
    else
      T = max(start, S(ceil(log(shape.coefficient / gap) / -log1p(-shape.decrement))));
  }
  // The closed forms above can be off by one through rounding; settle it on the bound itself.
  for (int step = 0; step < 4 && bound_at(shape, T) > eps; ++step) T += 1;
  for (int step = 0; step < 4 && T > start && bound_at(shape, S(T - 1)) <= eps; ++step) T -= 1;
  return T;
}

}  // namespace biasbound::theory
