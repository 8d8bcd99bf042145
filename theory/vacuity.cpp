#include "theory/vacuity.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "theory/decimal.hpp"
#include "theory/quantity.hpp"

namespace biasbound::theory {
namespace {

constexpr int kDigits = 4;
constexpr int kBisections = 60;  // the remedy is printed to kDigits digits

// The residual as γ → 0, the floor no step size goes below: the residual at a γ that is a
// vanishing fraction of the admissible range.
std::optional<Wide> residual_floor(const CheckResult& r, Values<Rational> v) {
  const auto& g = r.gamma_max;
  const Rational top = g.kind != GammaMax::Kind::bounded ? Rational(1)
                       : g.exact                         ? *g.exact
                                                         : convert<Rational>(g.value);
  v.gamma = top * Rational(1, 1000000) * Rational(1, 1000000) * Rational(1, 1000000);
  if (!(v.gamma > 0)) return std::nullopt;
  try {
    const auto exact = r.theorem->shape(v);
    if (exact) return convert<Wide>(exact->residual);
  } catch (const std::overflow_error&) {
    return std::nullopt;
  }
  return r.theorem->shape(convert_values<Wide>(v)).residual;
}

// Start value of the quantity at x₀ (or an upper bound on it) and how it is written.
std::pair<Wide, std::string> start_value(const CheckResult& r, const Values<Rational>& v) {
  if (quantity_info(r.theorem->info().quantity).scale == QuantityScale::kOptimalityGap)
    return {convert<Wide>(v.F0), "F₀"};
  return {convert<Wide>(Rational(2 * v.L * v.F0)), "2L·F₀ (≥ ‖∇f(x₀)‖² for any L-smooth f)"};
}

// The noise and bias constants that feed the residual, by how much the floor drops without
// each; the largest drop names the dominating constant.
std::optional<std::pair<Symbol, Wide>> dominant(const CheckResult& r, const Values<Rational>& v,
                                                const Wide& floor) {
  std::optional<std::pair<Symbol, Wide>> best;
  for (Symbol s : {Symbol::zeta2, Symbol::sigma2, Symbol::G2}) {
    if (!r.theorem->info().needs(s) || field(v, s) == 0) continue;
    Values<Rational> without = v;
    field(without, s) = 0;
    const auto lower = residual_floor(r, without);
    if (lower && (!best || floor - *lower > floor - best->second)) best = {{s, *lower}};
  }
  return best;
}

// The largest value of `s` below which the floor falls under `start` (the floor grows with it).
Wide largest_useful(const CheckResult& r, Values<Rational> v, Symbol s, const Wide& start) {
  Wide lo = 0, hi = convert<Wide>(field(v, s));
  for (int i = 0; i < kBisections && hi - lo > hi * Wide("1e-6"); ++i) {
    const Wide mid = (lo + hi) / 2;
    field(v, s) = convert<Rational>(mid);
    const auto floor = residual_floor(r, v);
    (floor && *floor < start ? lo : hi) = mid;
  }
  return lo;
}

std::string number(const Wide& x) {
  return format_number(x, kDigits);
}

void explain_floor(Vacuity& out, const CheckResult& r, const Values<Rational>& v,
                   const Wide& floor) {
  const auto d = dominant(r, v, floor);
  if (!d) return;
  const auto& info = symbol_info(d->first);
  out.message += fmt::format("; the residual comes mostly from {} = {} (without it: {})", info.math,
                             number(convert<Wide>(field(v, d->first))), number(d->second));
  if (d->second < out.start)
    out.remedies.push_back(fmt::format("{} < {} would bring the residual below {}", info.math,
                                       number(largest_useful(r, v, d->first, out.start)),
                                       out.start_text));
  else
    out.remedies.push_back(fmt::format("even {} = 0 leaves a residual of {} ≥ {}", info.math,
                                       number(d->second), out.start_text));
}

}  // namespace

std::optional<Vacuity> vacuity(const CheckResult& r, const Values<Rational>& v) {
  Vacuity out;
  std::tie(out.start, out.start_text) = start_value(r, v);
  const auto floor = residual_floor(r, v);
  const std::string at_start = fmt::format("{} = {}", out.start_text, number(out.start));
  if (floor && *floor >= out.start) {
    out.every_step = true;
    out.message = fmt::format(
        "vacuous: the residual is at least {} for every step size, not below {}; no step size "
        "makes this theorem useful for this estimator on this problem",
        number(*floor), at_start);
  } else if (r.T && r.bound_T_at_gamma_best && *r.bound_T_at_gamma_best >= out.start) {
    out.every_step = true;
    out.message = fmt::format(
        "vacuous at T = {}: even the best step gives bound(T) = {}, not below {}; no step size "
        "makes this theorem useful within T iterations",
        number(*r.T), number(*r.bound_T_at_gamma_best), at_start);
    out.remedies.push_back("a longer horizon T");
  } else if (r.admissible != Verdict::fails && r.shape &&
             (r.shape->residual >= out.start || (r.bound_T && *r.bound_T >= out.start))) {
    out.message = fmt::format("vacuous at this γ: bound(T) = {} is not below {}",
                              number(r.bound_T ? *r.bound_T : r.shape->residual), at_start);
    if (r.bound_T_at_gamma_best)
      out.remedies.push_back(
          fmt::format("the best γ for T gives bound(T) = {}", number(*r.bound_T_at_gamma_best)));
    return out;
  } else {
    return std::nullopt;
  }
  if (floor) explain_floor(out, r, v, *floor);
  return out;
}

}  // namespace biasbound::theory
