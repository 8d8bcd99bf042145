#include "theory/suggested_schedule.hpp"

#include <fmt/format.h>

#include <tuple>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "theory/decimal.hpp"
#include "theory/stagewise_bound.hpp"
#include "theory/step_size.hpp"
#include "theory/suggested_step.hpp"

namespace biasbound::theory {
namespace {

struct ScheduleCandidate {
  StepSchedule schedule;
  Wide bound;  // composed while building; the winner is re-scored by stagewise_bound
};

// A suggested double below `ceiling`, held as the decimal printed for it (suggest_step has
// checked that the check admits that decimal read exactly).
std::optional<Rational> printed_step(const Theorem& t, const Values<Rational>& v,
                                     const Wide& ceiling) {
  const auto x = suggest_step(t, v, ceiling);
  if (!x) return std::nullopt;
  return parse_decimal(shortest_decimal(*x));
}

// top, top/2, top/4, ... as printed suggested steps, until no double is admitted.
std::vector<Rational> halving_ladder(const Theorem& t, const Values<Rational>& v, const Wide& top) {
  std::vector<Rational> ladder;
  for (int s = 0; s < kMaxSuggestedStages; ++s) {
    const auto step = printed_step(t, v, Wide(ldexp(top, -s)));
    if (!step) break;
    ladder.push_back(*step);
  }
  return ladder;
}

// Iterations until the transient F·ρ^t has fallen to the residual R (so R dominates), within
// [1, cap]; cap when it never does.
long long transient_length(const BoundShape<Wide>& s, long long cap) {
  if (s.coefficient <= s.residual || s.decrement >= 1) return 1;
  if (s.residual <= 0 || s.decrement <= 0) return cap;
  const Wide t = ceil(log(s.residual / s.coefficient) / log1p(-s.decrement));
  if (t >= Wide(cap)) return cap;
  return t < 1 ? 1 : t.convert_to<long long>();
}

// The first `stages` steps of the ladder over horizon T, switching when the residual dominates.
std::optional<ScheduleCandidate> halving_schedule(const Theorem& t, const Values<Rational>& v,
                                                  const std::vector<Rational>& ladder, int stages,
                                                  long long T) {
  ScheduleCandidate c;
  c.bound = convert<Wide>(v.F0);
  long long left = T;
  for (int s = 0; s < stages; ++s) {
    const auto shape = stage_shape(t, v, ladder[static_cast<std::size_t>(s)], c.bound);
    if (!shape) return std::nullopt;
    const long long length =
        s + 1 == stages ? left : transient_length(*shape, left - (stages - s - 1));
    c.bound = bound_at(*shape, Wide(length));
    c.schedule.stages.push_back({length, ladder[static_cast<std::size_t>(s)]});
    left -= length;
  }
  return c;
}

// The lowest-bound member of the family started at `top`.
void consider_family(const Theorem& t, const Values<Rational>& v, const Wide& top, long long T,
                     std::optional<ScheduleCandidate>& best) {
  const auto ladder = halving_ladder(t, v, top);
  for (int stages = 2; stages <= static_cast<int>(ladder.size()) && stages <= T; ++stages) {
    auto c = halving_schedule(t, v, ladder, stages, T);
    if (c && (!best || c->bound < best->bound)) best = std::move(c);
  }
}

// The best constant step for T as check suggests it, and its bound at exactly that double.
std::optional<std::pair<double, Wide>> best_constant(const Theorem& t, const Values<Rational>& v,
                                                     long long T) {
  const auto best = gamma_best(t, convert_values<Wide>(v), Wide(T));
  if (!best) return std::nullopt;
  const auto step = suggest_step(t, v, *best);
  if (!step) return std::nullopt;
  const auto shape = stage_shape(t, v, exact_value(*step), convert<Wide>(v.F0));
  if (!shape) return std::nullopt;
  return std::pair{*step, bound_at(*shape, Wide(T))};
}

}  // namespace

std::optional<ScheduleSuggestion> suggest_schedule(const Theorem& t, const Values<Rational>& v,
                                                   long long T, std::string_view what) {
  if (const auto why = schedule_refusal(t.info())) throw core::input_error("{}: {}", what, *why);
  const auto constant = best_constant(t, v, T);
  if (!constant) return std::nullopt;
  ScheduleSuggestion out;
  std::tie(out.constant_gamma, out.constant_bound) = *constant;
  out.rule = fmt::format(
      "γ halved at each stage boundary, from γ_max or the best constant γ; a stage ends when its "
      "transient has fallen to its residual, the last runs the rest; 2 to {} stages",
      kMaxSuggestedStages);
  std::optional<ScheduleCandidate> best;
  consider_family(t, v, convert<Wide>(exact_value(out.constant_gamma)), T, best);
  const auto limit = gamma_max(t, convert_values<Wide>(v));
  if (limit.kind == GammaMax::Kind::bounded) consider_family(t, v, limit.value, T, best);
  if (!best) return out;
  // Scored by the check itself, so the number reported is the number checking it gives.
  const auto checked = stagewise_bound(t, v, best->schedule, what);
  if (!checked.bound) return out;
  out.schedule = best->schedule;
  out.bound = checked.bound;
  out.beats_constant = *checked.bound < out.constant_bound;
  if (*checked.bound > 0) out.improvement = Wide(out.constant_bound / *checked.bound);
  return out;
}

}  // namespace biasbound::theory
