#include "theory/step_size.hpp"

#include "theory/suggested_step.hpp"

#include <boost/math/tools/minima.hpp>

#include <algorithm>
#include <cstdint>

namespace biasbound::theory {
namespace {

constexpr int kMaxDoublings = 1000;  // 2^1000: beyond any meaningful step size
constexpr int kBisectionBits = 160;  // relative width of the final bracket, 2^-160
constexpr int kBrentBits = 80;       // about half of Wide's 168 bits, as Brent needs
constexpr int kSearchOctaves = 200;  // the best γ is sought in [γ_hi·2^-200, γ_hi]
const Wide kStrictMargin{"1e-40"};   // stay this far (relative) inside a strict boundary

bool admissible(const Theorem& theorem, const Values<Wide>& v) {
  for (const auto& c : theorem.conditions(v))
    if (!holds(c)) return false;
  return true;
}

GammaMax unbounded(std::string method) {
  return {GammaMax::Kind::unbounded, Wide(0), std::nullopt, false, std::move(method), {}};
}

// The upper end of the search for the best γ: the largest admissible γ, or for a theorem
// without a step-size limit the first doubling of γ at which the bound stops decreasing
// (the minimiser lies below it because the bound is unimodal).
std::optional<Wide> search_ceiling(const Theorem& theorem, Values<Wide> v, const Wide& T) {
  const GammaMax limit = gamma_max(theorem, v);
  if (limit.kind == GammaMax::Kind::bounded)
    return limit.strict ? Wide(limit.value * (1 - kStrictMargin)) : limit.value;
  Wide step = 1;
  for (int i = 0; i < kMaxDoublings; ++i, step *= 2) {
    v.gamma = step;
    const Wide here = log_bound_at(theorem.shape(v), T);
    v.gamma = 2 * step;
    if (log_bound_at(theorem.shape(v), T) >= here) return Wide(2 * step);
  }
  return std::nullopt;
}

std::vector<Rational> momentum_ladder(Symbol symbol, const Rational& given) {
  std::vector<Rational> ladder;
  const int first = symbol == Symbol::beta ? 1 : 0;
  for (int i = first; i < first + 10; ++i) ladder.push_back(Rational(i, 10));
  if (std::find(ladder.begin(), ladder.end(), given) == ladder.end()) ladder.push_back(given);
  std::sort(ladder.begin(), ladder.end());
  return ladder;
}

// The boundary alone: exact when the theorem's closed form is rational.
GammaMax boundary(const Theorem& theorem, const Values<Rational>& v) {
  const auto limit = theorem.gamma_limit(v);
  switch (limit.kind) {
    case GammaLimit<Rational>::Kind::bounded:
      return {GammaMax::Kind::bounded,
              convert<Wide>(limit.value),
              limit.value,
              limit.strict,
              "closed form (exact)",
              {}};
    case GammaLimit<Rational>::Kind::unbounded:
      return unbounded("closed form (exact)");
    case GammaLimit<Rational>::Kind::unknown:
      break;
  }
  return gamma_max(theorem, convert_values<Wide>(v));
}

}  // namespace

GammaMax gamma_max(const Theorem& theorem, const Values<Rational>& v) {
  GammaMax limit = boundary(theorem, v);
  if (limit.kind == GammaMax::Kind::bounded)
    limit.suggested = suggest_step(theorem, v, limit.value);
  return limit;
}

GammaMax gamma_max(const Theorem& theorem, const Values<Wide>& v) {
  const auto limit = theorem.gamma_limit(v);
  switch (limit.kind) {
    case GammaLimit<Wide>::Kind::bounded:
      return {GammaMax::Kind::bounded,   limit.value, std::nullopt, limit.strict,
              "closed form (50 digits)", {}};
    case GammaLimit<Wide>::Kind::unbounded:
      return unbounded("closed form (50 digits)");
    case GammaLimit<Wide>::Kind::unknown:
      break;
  }
  return gamma_max_by_bisection(theorem, v);
}

GammaMax gamma_max_by_bisection(const Theorem& theorem, Values<Wide> v) {
  const auto admissible_at = [&](const Wide& step) {
    v.gamma = step;
    return admissible(theorem, v);
  };
  Wide lo = 0, hi = 1;
  for (int i = 0; admissible_at(hi); ++i, hi *= 2) {
    if (i == kMaxDoublings) return unbounded("bisection (50 digits)");
    lo = hi;
  }
  for (int i = 0; lo == 0; ++i) {
    if (i == kMaxDoublings)
      return {GammaMax::Kind::bounded,
              Wide(0),
              std::nullopt,
              false,
              "bisection (50 digits): no admissible γ > 0",
              {}};
    const Wide half = hi / 2;
    (admissible_at(half) ? lo : hi) = half;
  }
  const Wide width = ldexp(Wide(1), -kBisectionBits);
  while (hi - lo > width * hi) {
    const Wide mid = (lo + hi) / 2;
    (admissible_at(mid) ? lo : hi) = mid;
  }
  return {GammaMax::Kind::bounded, lo, std::nullopt, false, "bisection (50 digits)", {}};
}

Wide bound_at(const Theorem& theorem, const Values<Wide>& v, const Wide& T) {
  return bound_at(theorem.shape(v), T);
}

std::optional<Wide> gamma_best(const Theorem& theorem, Values<Wide> v, const Wide& T) {
  const auto ceiling = search_ceiling(theorem, v, T);
  if (!ceiling) return std::nullopt;
  const auto bound_of_log_step = [&](const Wide& log_step) {
    v.gamma = exp(log_step);
    return log_bound_at(theorem.shape(v), T);
  };
  const Wide top = log(*ceiling);
  const Wide bottom = top - kSearchOctaves * log(Wide(2));
  std::uintmax_t iterations = 1000;
  const auto [log_step, value] =
      boost::math::tools::brent_find_minima(bound_of_log_step, bottom, top, kBrentBits, iterations);
  // Brent never evaluates the ends; a bound still decreasing at the ceiling is best there.
  // exp(log(γ)) can round above the ceiling; stay inside.
  return bound_of_log_step(top) < value ? *ceiling : std::min(*ceiling, Wide(exp(log_step)));
}

std::optional<Wide> gamma_for_eps(const Theorem& theorem, const Values<Wide>& v, const Wide& eps) {
  const auto reaches = [&](const Wide& T) -> std::optional<Wide> {
    const auto step = gamma_best(theorem, v, T);
    if (!step) return std::nullopt;
    Values<Wide> at = v;
    at.gamma = *step;
    return bound_at(theorem, at, T) <= eps ? step : std::nullopt;
  };
  Wide fails(0), T(1);
  std::optional<Wide> step;
  for (int doubling = 0; !(step = reaches(T)); ++doubling) {
    if (doubling == 60) return std::nullopt;
    fails = T;
    T *= 2;
  }
  while (T - fails > 1) {  // reaches(T) holds, reaches(fails) does not (or fails = 0)
    const Wide mid = floor((T + fails) / 2);
    if (const auto at_mid = reaches(mid)) {
      T = mid;
      step = at_mid;
    } else {
      fails = mid;
    }
  }
  return step;
}

AdmissibleGrid admissible_grid(const Theorem& theorem, const Values<Rational>& v) {
  AdmissibleGrid grid;
  for (Symbol s : {Symbol::beta, Symbol::beta_tilde})
    if (theorem.info().needs(s)) grid.row_symbol = s;
  grid.rows = grid.row_symbol ? momentum_ladder(*grid.row_symbol, field(v, *grid.row_symbol))
                              : std::vector<Rational>{Rational(0)};
  for (int j = -3; j <= 3; ++j)
    grid.gammas.push_back(j < 0 ? Rational(v.gamma / (1 << -j)) : Rational(v.gamma * (1 << j)));

  for (const Rational& row : grid.rows) {
    Values<Rational> at = v;
    if (grid.row_symbol) field(at, *grid.row_symbol) = row;
    grid.gamma_max.push_back(gamma_max(theorem, at));
    auto& verdicts = grid.admissible.emplace_back();
    for (const Rational& step : grid.gammas) {
      at.gamma = step;
      verdicts.push_back(combine(certify(theorem, at)));
    }
  }
  return grid;
}

}  // namespace biasbound::theory
