#include "theory/stagewise_bound.hpp"

#include <boost/multiprecision/cpp_bin_float.hpp>

#include <stdexcept>

#include "core/error.hpp"

namespace biasbound::theory {
namespace {

bool memoryless(MethodFamily family) {
  return family == MethodFamily::kBiasedSgd || family == MethodFamily::kCompressedGd;
}

bool finite_shape(const BoundShape<Wide>& s) {
  for (const Wide* x : {&s.coefficient, &s.decrement, &s.offset, &s.residual})
    if (!boost::multiprecision::isfinite(*x)) return false;
  return true;
}

// The shape at v, exactly where the statement is rational; empty at a pole.
std::optional<BoundShape<Wide>> shape_or_pole(const Theorem& theorem, const Values<Rational>& v) {
  try {
    if (const auto exact = theorem.shape(v)) return convert_shape<Wide>(*exact);
  } catch (const std::overflow_error&) {  // Boost.Multiprecision's rational division by zero
    return std::nullopt;
  }
  auto wide = theorem.shape(convert_values<Wide>(v));
  return finite_shape(wide) ? std::optional(wide) : std::nullopt;
}

// The composition replaces F₀ by F_{s−1}: that needs the statement's bound to be F₀·ρ^T + R.
void require_linear_in_F0(const TheoremInfo& info, const BoundShape<Wide>& s, const Wide& F0) {
  if (s.kind != RateKind::linear || s.coefficient != F0)
    throw core::input_error(
        "{} ({}): its bound is not of the form ρ^T·F₀ + R, so it does not compose stage by stage",
        info.id, regime_name(info.regime));
}

Verdict worse(Verdict a, Verdict b) {
  if (a == Verdict::fails || b == Verdict::fails) return Verdict::fails;
  if (a == Verdict::undecided || b == Verdict::undecided) return Verdict::undecided;
  return Verdict::holds;
}

}  // namespace

long long StagewiseBound::horizon() const {
  return stages.empty() ? 0 : stages.back().start + stages.back().stage.iterations;
}

Wide StagewiseBound::at(long long k) const {
  if (!bound || k < 0 || k > horizon())
    throw std::invalid_argument("StagewiseBound::at: k outside an admitted schedule");
  for (const auto& s : stages)
    if (k <= s.start + s.stage.iterations) return bound_at(*s.shape, Wide(k - s.start));
  return *bound;
}

std::optional<std::string> schedule_refusal(const TheoremInfo& info) {
  if (info.regime == Regime::nonconvex)
    return info.id +
           " (nonconvex) bounds an average over the iterates, not the last one, so its bound "
           "does not compose stage by stage; the PL statement does (give --mu)";
  if (info.quantity != "f_gap_last")
    return info.id + " bounds " + info.quantity +
           ", a quantity that depends on γ and the method's state: a change of step changes "
           "the quantity itself, so its bound does not compose stage by stage";
  if (!memoryless(info.family))
    return info.id +
           ": the method carries state across iterations (delayed gradients), and the bound "
           "assumes a fresh start, so it does not compose stage by stage";
  return std::nullopt;
}

std::optional<BoundShape<Wide>> stage_shape(const Theorem& theorem, Values<Rational> v,
                                            const Rational& gamma, const Wide& start) {
  v.gamma = gamma;
  auto shape = shape_or_pole(theorem, v);
  if (!shape) return std::nullopt;
  require_linear_in_F0(theorem.info(), *shape, convert<Wide>(v.F0));
  shape->coefficient = start;
  return shape;
}

StagewiseBound stagewise_bound(const Theorem& theorem, const Values<Rational>& v,
                               const StepSchedule& schedule, std::string_view what) {
  if (const auto why = schedule_refusal(theorem.info()))
    throw core::input_error("{}: {}", what, *why);
  if (schedule.stages.empty()) throw core::input_error("{} has no stage", what);
  StagewiseBound out;
  out.admissible = Verdict::holds;
  std::optional<Wide> F = convert<Wide>(v.F0);  // F_{s−1}; empty once the composition broke
  long long start = 0;
  for (std::size_t i = 0; i < schedule.stages.size(); ++i) {
    StageBound& s = out.stages.emplace_back(StageBound{schedule.stages[i], start});
    Values<Rational> at = v;
    at.gamma = s.stage.gamma;
    s.conditions = certify(theorem, at);
    s.admissible = combine(s.conditions);
    out.admissible = worse(out.admissible, s.admissible);
    if (s.admissible != Verdict::holds && !out.first_rejected) out.first_rejected = i;
    s.shape = stage_shape(theorem, v, s.stage.gamma, F.value_or(Wide(0)));
    if (F && s.shape && s.admissible == Verdict::holds)
      s.end_bound = bound_at(*s.shape, Wide(s.stage.iterations));
    F = s.end_bound;
    start += s.stage.iterations;
  }
  if (out.admissible == Verdict::holds) out.bound = F;
  return out;
}

}  // namespace biasbound::theory
