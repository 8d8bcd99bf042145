#include "theory/check.hpp"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

#include "core/error.hpp"
#include "theory/catalog.hpp"
#include "theory/decimal.hpp"
#include "theory/exact_iterations.hpp"
#include "theory/suggested_step.hpp"
#include "theory/vacuity.hpp"

namespace biasbound::theory {
namespace {

Inputs read_inputs(const CheckArgs& args, const Theorem& theorem,
                   std::optional<FrontierChoice>& frontier) {
  if (args.gamma_for_eps && (args.values.count(Symbol::gamma) || args.eta))
    throw core::input_error("--gamma best chooses γ itself: give no other --gamma or --eta");
  Inputs inputs;
  for (const auto& [symbol, text] : args.values) {
    const auto source = args.sources.find(symbol);
    inputs.set_text(
        symbol, text,
        source != args.sources.end() ? source->second : std::string(symbol_info(symbol).flag));
  }
  if (args.eta) set_gamma_from_eta(inputs, *args.eta, theorem.info());
  if (args.measured)
    frontier = apply_measured_constants(theorem, *args.measured, inputs);
  else if (args.constants_file)
    frontier =
        apply_measured_constants(theorem, read_measured_constants(*args.constants_file), inputs);
  std::set<Symbol> later;
  if (args.gamma_for_eps || args.schedule || args.suggest_schedule) later.insert(Symbol::gamma);
  require_inputs(theorem.info(), inputs, later);
  check_consistency(theorem.info(), inputs);
  return inputs;
}

// --gamma best: the suggested double below the γ that reaches ε in the fewest iterations.
void choose_gamma_for_eps(const Theorem& theorem, Inputs& inputs,
                          const std::optional<Rational>& eps) {
  if (!eps || !inputs.has(Symbol::F0))
    throw core::input_error("--gamma best needs --eps and --F0: it minimises the iterations to ε");
  inputs.set(Symbol::gamma, Rational(1), "--gamma best");  // a placeholder gamma_max ignores
  const auto exact = inputs.values();
  const auto limit = gamma_max(theorem, exact);
  const auto wide = convert_values<Wide>(exact);
  std::optional<double> step;
  std::string source = "--gamma best (fewest iterations to ε)";
  if (const auto best = gamma_for_eps(theorem, wide, convert<Wide>(*eps))) {
    step = suggest_step(theorem, exact, *best);
  } else {  // no T ≤ 2⁶⁰ reaches ε: the best step for that horizon, else the largest one
    source = "--gamma best (ε is out of reach within 2⁶⁰ iterations: the best step for T = 2⁶⁰)";
    if (const auto far = gamma_best(theorem, wide, pow(Wide(2), 60)))
      step = suggest_step(theorem, exact, *far);
    else
      step = limit.suggested;
  }
  if (!step)
    throw core::input_error("--gamma best: no positive double step is admissible at these inputs");
  inputs.set(Symbol::gamma, exact_value(*step), source);
}

// Iterations to ε × workers × bits per message.
BitsToEps bits_to_eps(const IterationsToEps& iterations, const MessageCost& message) {
  if (iterations.never) return {true, Wide(0), Wide(0)};
  const Wide messages = iterations.count * Wide(message.workers);
  return {false, messages * Wide(message.uplink_bits), messages * Wide(message.downlink_bits)};
}

Rational read_horizon(const std::string& text) {
  const Rational T = parse_number(text, "--T");
  if (T < 1 || denominator(T) != 1)
    throw core::input_error("--T = {} is impossible: the horizon is a whole number ≥ 1", text);
  return T;
}

Rational read_eps(const std::string& text) {
  const Rational eps = parse_number(text, "--eps");
  if (eps <= 0) throw core::input_error("--eps = {} is impossible: the target needs ε > 0", text);
  return eps;
}

bool finite(const BoundShape<Wide>& s) {
  for (const Wide* x : {&s.coefficient, &s.decrement, &s.offset, &s.residual})
    if (!boost::multiprecision::isfinite(*x)) return false;
  return true;
}

// The bound's shape at exact inputs; empty at a pole of the formulas (a division by zero at a
// γ the conditions exclude).
std::optional<BoundShape<Rational>> exact_shape_at(const Theorem& t, const Values<Rational>& v) {
  try {
    return t.shape(v);
  } catch (const std::overflow_error&) {  // Boost.Multiprecision's rational division by zero
    return std::nullopt;
  }
}

std::optional<BoundShape<Wide>> shape_at(const Theorem& t, const Values<Rational>& v) {
  try {
    if (const auto exact = t.shape(v)) return convert_shape<Wide>(*exact);
  } catch (const std::overflow_error&) {
    return std::nullopt;
  }
  auto wide = t.shape(convert_values<Wide>(v));
  return finite(wide) ? std::optional(wide) : std::nullopt;
}

// bound(T) and iterations to ε: what the theorem promises at admissible inputs.
void add_guarantees(CheckResult& r, const Values<Rational>& v, const std::optional<Rational>& eps,
                    bool has_F0) {
  if (!r.shape) return;
  if (eps) {
    if (r.shape->residual >= *r.eps)
      r.iterations_to_eps = IterationsToEps{true, Wide(0)};
    else if (has_F0)
      if (const auto exact = exact_shape_at(*r.theorem, v)) {
        const auto count = exact_iterations_to_eps(*exact, *eps);
        r.iterations_to_eps = count ? IterationsToEps{false, *count} : IterationsToEps{true, 0};
      }
  }
  if (has_F0 && r.T) r.bound_T = bound_at(*r.shape, *r.T);
}

// η = γ(1 − β̃) for heavy-ball theorems: a suggested η is re-checked as γ = η/(1 − β̃).
Rational gamma_per_eta(const Values<Rational>& v) {
  return Rational(1) / (1 - v.beta_tilde);
}

bool heavy_ball(const Theorem& t) {
  return t.info().needs(Symbol::beta_tilde);
}

// The best γ for T, as the double the check admits, and the bound at exactly that double.
void add_best_step(CheckResult& r, const Values<Rational>& v) {
  const auto best = gamma_best(*r.theorem, convert_values<Wide>(v), *r.T);
  if (!best) {
    r.notes.push_back("no best γ: the bound keeps decreasing as γ grows");
    return;
  }
  r.gamma_best = suggest_step(*r.theorem, v, *best);
  if (heavy_ball(*r.theorem))
    r.eta_best =
        suggest_step(*r.theorem, v, *best / convert<Wide>(gamma_per_eta(v)), gamma_per_eta(v));
  if (!r.gamma_best) {
    r.notes.push_back("no positive double is admissible below the best γ");
    return;
  }
  Values<Rational> at = v;
  at.gamma = exact_value(*r.gamma_best);
  if (const auto shape = shape_at(*r.theorem, at)) r.bound_T_at_gamma_best = bound_at(*shape, *r.T);
}

// A decimal γ can be admissible while the double a run would use lies above the limit.
void add_double_note(CheckResult& r, const Values<Rational>& v) {
  if (r.admissible != Verdict::holds) return;
  const double nearest = convert<double>(v.gamma);
  if (exact_value(nearest) == v.gamma || certified_admits(*r.theorem, v, exact_value(nearest)))
    return;
  r.notes.push_back(fmt::format(
      "γ is admissible as the decimal given, but not the nearest double {} that a run would "
      "use{}",
      shortest_decimal(nearest),
      r.gamma_max.suggested ? fmt::format("; use γ ≤ {}", shortest_decimal(*r.gamma_max.suggested))
                            : std::string()));
}

void add_missing_notes(CheckResult& r, const CheckArgs& args, bool has_F0) {
  if (!has_F0 && (args.T || args.eps))
    r.notes.push_back("give --F0 = f(x₀) − f* for bound(T), iterations to ε and the best γ");
  if (has_F0 && !r.T) r.notes.push_back("give --T for bound(T) and the best γ for T");
  if (has_F0 && !args.eps) r.notes.push_back("give --eps for the iterations to reach ε");
}

// --schedule: parsed, refused for statements that do not compose, and agreeing with --T.
std::optional<StepSchedule> read_schedule(const CheckArgs& args, const Theorem& theorem) {
  if (!args.schedule) return std::nullopt;
  if (args.values.count(Symbol::gamma) || args.eta || args.gamma_for_eps)
    throw core::input_error("--schedule gives each stage's γ: give no --gamma or --eta with it");
  if (const auto why = schedule_refusal(theorem.info()))
    throw core::input_error("--schedule: {}", *why);
  auto schedule = parse_step_schedule(*args.schedule, "--schedule");
  if (args.T && read_horizon(*args.T) != Rational(schedule.horizon()))
    throw core::input_error(
        "--T = {} but --schedule = {} runs Σ T_s = {} iterations: give one, or make them agree",
        *args.T, *args.schedule, schedule.horizon());
  return schedule;
}

// --suggest-schedule: the best halving schedule for T against the best constant γ; without
// --gamma the check then reports that constant γ.
void add_schedule_suggestion(CheckResult& r, const CheckArgs& args) {
  if (!r.T || !r.inputs.has(Symbol::F0))
    throw core::input_error(
        "--suggest-schedule needs --T (or --schedule) and --F0: it minimises "
        "the bound at the horizon");
  if (const auto why = schedule_refusal(r.theorem->info()))
    throw core::input_error("--suggest-schedule: {}", *why);
  if (*r.T > Wide(kMaxStageIterations))
    throw core::input_error(
        "--suggest-schedule: T = {} is above the 1e15 iterations a schedule "
        "can hold",
        format_number(*r.T, 17));
  if (!r.inputs.has(Symbol::gamma))
    r.inputs.set(Symbol::gamma, Rational(1), "--suggest-schedule");  // a placeholder it ignores
  r.suggested_schedule = suggest_schedule(*r.theorem, r.inputs.values(),
                                          r.T->convert_to<long long>(), "--suggest-schedule");
  if (!r.suggested_schedule)
    throw core::input_error(
        "--suggest-schedule: no best constant γ at these inputs to compare a schedule with");
  if (!args.values.count(Symbol::gamma) && !args.schedule)
    r.inputs.set(Symbol::gamma, exact_value(r.suggested_schedule->constant_gamma),
                 "--suggest-schedule (the best constant γ for T)");
}

}  // namespace

CheckResult check(const CheckArgs& args) {
  CheckResult r;
  const auto selection = select_statement(
      args.theorem, args.regime ? std::optional(parse_regime(*args.regime)) : std::nullopt,
      args.values.count(Symbol::mu) != 0);
  r.theorem = selection.theorem;
  r.regime_reason = selection.reason;
  const auto& info = r.theorem->info();
  r.inputs = read_inputs(args, *r.theorem, r.frontier);
  for (Symbol s : unused_inputs(info, r.inputs))
    r.notes.push_back(fmt::format("{} is not used by {} ({})", symbol_info(s).flag, info.id,
                                  regime_name(info.regime)));
  const auto schedule = read_schedule(args, *r.theorem);
  if (schedule) r.inputs.set(Symbol::gamma, schedule->stages.front().gamma, "--schedule (stage 1)");
  if (args.T) r.T = convert<Wide>(read_horizon(*args.T));
  if (schedule) r.T = Wide(schedule->horizon());
  if (args.suggest_schedule) add_schedule_suggestion(r, args);
  std::optional<Rational> eps;
  if (args.eps) eps = read_eps(*args.eps);
  if (eps) r.eps = convert<Wide>(*eps);
  if (args.gamma_for_eps) choose_gamma_for_eps(*r.theorem, r.inputs, eps);
  const bool has_F0 = r.inputs.has(Symbol::F0);

  const auto exact = r.inputs.values();
  r.conditions = certify(*r.theorem, exact);
  r.admissible = combine(r.conditions);
  r.gamma_max = gamma_max(*r.theorem, exact);
  if (heavy_ball(*r.theorem) && r.gamma_max.kind == GammaMax::Kind::bounded)
    r.eta_max =
        suggest_step(*r.theorem, exact, r.gamma_max.value / convert<Wide>(gamma_per_eta(exact)),
                     gamma_per_eta(exact));
  // Exact where possible: a decrement such as μγ(2 − αLγ) near γ = 2/(αL) cancels in floats.
  r.shape = shape_at(*r.theorem, exact);
  if (r.admissible == Verdict::fails)
    r.notes.push_back(r.shape ? "the conditions fail at this γ: the theorem guarantees nothing "
                                "here; rate and residual are shown for reference only"
                              : "the conditions fail at this γ: the theorem guarantees nothing "
                                "here, and its bound is not even defined at this γ");
  else
    add_guarantees(r, exact, eps, has_F0);
  add_double_note(r, exact);
  if (has_F0 && r.T) add_best_step(r, exact);
  if (has_F0) r.vacuous = vacuity(r, exact);
  if (r.vacuous && r.vacuous->every_step) {
    r.gamma_best.reset();  // the minimiser of a bound that promises nothing is no suggestion
    r.eta_best.reset();
  }
  r.message = args.message;
  if (r.message && r.iterations_to_eps)
    r.bits_to_eps = bits_to_eps(*r.iterations_to_eps, *r.message);
  add_missing_notes(r, args, has_F0);
  if (args.grid) r.grid = admissible_grid(*r.theorem, exact);
  if (schedule) r.stagewise = stagewise_bound(*r.theorem, exact, *schedule, "--schedule");
  return r;
}

}  // namespace biasbound::theory
