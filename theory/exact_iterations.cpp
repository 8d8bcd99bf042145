#include "theory/exact_iterations.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>

namespace biasbound::theory {
namespace {

using boost::multiprecision::cpp_int;

// 50-digit logarithms carry about 1e-48 relative error; closer than this they decide nothing.
const Wide kLogBand{"1e-40"};
// The 50-digit estimate is within a step of the answer; beyond 1e48 a step no longer shows.
constexpr int kSettleSteps = 8;

// ⌈x⌉ of a rational.
Wide ceiling(const Rational& x) {
  cpp_int q = numerator(x) / denominator(x);
  if (q * denominator(x) < numerator(x)) q += 1;
  return Wide(q);
}

// C·ρ^T ≤ gap exactly, by integer powers of ρ = p/q's terms.
bool exact_power_at_most(const Rational& C, const Rational& rho, unsigned long T,
                         const Rational& gap) {
  const cpp_int lhs =
      numerator(C) * boost::multiprecision::pow(numerator(rho), T) * denominator(gap);
  const cpp_int rhs =
      numerator(gap) * boost::multiprecision::pow(denominator(rho), T) * denominator(C);
  return lhs <= rhs;
}

bool linear_reaches(const BoundShape<Rational>& s, const Rational& gap, const Wide& T) {
  if (T == 0) return s.coefficient <= gap;
  if (s.decrement >= 1) return true;  // ρ ≤ 0: nothing of the transient is left after one step
  const Rational rho = 1 - s.decrement;
  const Wide lhs = log(convert<Wide>(s.coefficient)) + T * log(convert<Wide>(rho));
  const Wide rhs = log(convert<Wide>(gap));
  if (abs(lhs - rhs) > kLogBand * (abs(lhs) + abs(rhs) + 1)) return lhs < rhs;
  const long bits = static_cast<long>(msb(numerator(rho)) + msb(denominator(rho)) + 2);
  if (T * bits > kExactPowerBits) return lhs <= rhs;  // too large to expand: 50 digits decide
  return exact_power_at_most(s.coefficient, rho, T.convert_to<unsigned long>(), gap);
}

}  // namespace

bool bound_reaches(const BoundShape<Rational>& s, const Rational& eps, const Wide& T) {
  const Rational gap = eps - s.residual;
  if (gap < 0) return false;
  if (s.kind == RateKind::linear) return linear_reaches(s, gap, T);
  return s.coefficient <= gap * (Rational(T.convert_to<cpp_int>()) + s.offset);
}

std::optional<Wide> exact_iterations_to_eps(const BoundShape<Rational>& s, const Rational& eps) {
  if (s.residual >= eps) return std::nullopt;
  const Rational gap = eps - s.residual;
  const Wide start = first_horizon(convert_shape<Wide>(s));
  if (bound_reaches(s, eps, start)) return start;
  if (s.kind == RateKind::sublinear)
    return std::max(start, ceiling(s.coefficient / gap - s.offset));
  if (s.decrement <= 0) return std::nullopt;  // the bound never decreases
  // The 50-digit estimate, then settled on the exact comparison (it is within a step or two).
  Wide T = std::max(start, Wide(ceil(log(convert<Wide>(s.coefficient / gap)) /
                                     -log1p(-convert<Wide>(s.decrement)))));
  for (int i = 0; i < kSettleSteps && !bound_reaches(s, eps, T); ++i) T += 1;
  for (int i = 0; i < kSettleSteps && T > start && bound_reaches(s, eps, Wide(T - 1)); ++i) T -= 1;
  return T;
}

}  // namespace biasbound::theory
