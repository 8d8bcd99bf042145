#include "theory/suggested_step.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/json_io.hpp"
#include "theory/certify.hpp"
#include "theory/decimal.hpp"

namespace biasbound::theory {
namespace {

// A correctly rounded limit is at most one double away from the largest admitted one; a few
// steps down settle it without the bisection.
constexpr int kStepsDown = 4;

// The largest double ≤ x (x > 0), clamped to the finite range.
double double_at_most(const Wide& x) {
  constexpr double kMax = std::numeric_limits<double>::max();
  if (x >= Wide(kMax)) return kMax;
  double d = convert<double>(x);
  if (Wide(d) > x) d = std::nextafter(d, 0.0);
  return d;
}

}  // namespace

Rational exact_value(double x) {
  return Rational(x);
}

double nearest_double(const Rational& q) {
  // The multiprecision conversion is within an ulp; settle the last bit exactly among the
  // neighbours (at the subnormal end it is not always the nearest).
  const double guess = q.convert_to<double>();
  if (!std::isfinite(guess)) return guess;
  double best = guess;
  Rational best_error = abs(exact_value(guess) - q);
  for (const double x : {std::nextafter(guess, -HUGE_VAL), std::nextafter(guess, HUGE_VAL)}) {
    if (!std::isfinite(x)) continue;
    const Rational error = abs(exact_value(x) - q);
    const bool even = (std::bit_cast<std::uint64_t>(x) & 1) == 0;
    if (error < best_error || (error == best_error && even)) {
      best = x;
      best_error = error;
    }
  }
  return best;
}

std::string exact_decimal(double x) {
  return format_exact(exact_value(x));
}

std::string shortest_decimal(double x) {
  return fmt::format("{}", x);
}

bool certified_admits(const Theorem& theorem, Values<Rational> v, const Rational& gamma) {
  v.gamma = gamma;
  return combine(certify(theorem, v)) == Verdict::holds;
}

std::optional<double> largest_double_where(const std::function<bool(double)>& admits,
                                           double ceiling) {
  double x = ceiling;
  for (int i = 0; i < kStepsDown; ++i, x = std::nextafter(x, 0.0)) {
    if (!(x > 0)) return std::nullopt;
    if (admits(x)) return x;
  }
  // Positive doubles are ordered as their bit patterns: bisect on those. Invariant: `high` is
  // not admitted, `low` is admitted or is the bit pattern of +0.
  std::uint64_t low = 0, high = std::bit_cast<std::uint64_t>(x);
  while (high - low > 1) {
    const std::uint64_t mid = low + (high - low) / 2;
    (admits(std::bit_cast<double>(mid)) ? low : high) = mid;
  }
  if (low == 0) return std::nullopt;
  return std::bit_cast<double>(low);
}

std::optional<double> suggest_step(const Theorem& theorem, const Values<Rational>& v,
                                   const Wide& ceiling, const Rational& per_step) {
  if (!(ceiling > 0)) return std::nullopt;
  const auto admits = [&](double x) {
    const Rational exact = exact_value(x);
    if (!certified_admits(theorem, v, exact * per_step)) return false;
    // What a user pastes back: the printed text and the JSON number, read exactly.
    for (const std::string& text : {shortest_decimal(x), core::Json(x).dump()}) {
      const auto pasted = parse_decimal(text);
      if (!pasted) return false;
      if (*pasted != exact && !certified_admits(theorem, v, *pasted * per_step)) return false;
    }
    return true;
  };
  return largest_double_where(admits, double_at_most(ceiling));
}

}  // namespace biasbound::theory
