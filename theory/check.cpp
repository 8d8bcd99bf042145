#include "theory/check.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "theory/catalog.hpp"
#include "theory/decimal.hpp"

namespace biasbound::theory {
namespace {

Inputs read_inputs(const CheckArgs& args, const Theorem& theorem,
                   std::optional<FrontierChoice>& frontier) {
  Inputs inputs;
  for (const auto& [symbol, text] : args.values)
    inputs.set_text(symbol, text, std::string(symbol_info(symbol).flag));
  if (args.eta) set_gamma_from_eta(inputs, *args.eta, theorem.info());
  if (args.constants_file)
    frontier =
        apply_measured_constants(theorem, read_measured_constants(*args.constants_file), inputs);
  require_inputs(theorem.info(), inputs);
  check_consistency(theorem.info(), inputs);
  return inputs;
}

Wide read_horizon(const std::string& text) {
  const Rational T = parse_number(text, "--T");
  if (T < 1 || denominator(T) != 1)
    throw core::input_error("--T = {} is impossible: the horizon is a whole number ≥ 1", text);
  return convert<Wide>(T);
}

Wide read_eps(const std::string& text) {
  const Rational eps = parse_number(text, "--eps");
  if (eps <= 0) throw core::input_error("--eps = {} is impossible: the target needs ε > 0", text);
  return convert<Wide>(eps);
}

// bound(T), iterations to ε and the best γ: what the theorem promises at admissible inputs.
void add_guarantees(CheckResult& r, bool has_F0) {
  const auto& shape = r.shape;
  if (r.eps) {
    if (shape.residual >= *r.eps)
      r.iterations_to_eps = IterationsToEps{true, Wide(0)};
    else if (has_F0)
      r.iterations_to_eps = IterationsToEps{false, *iterations_to_eps(shape, *r.eps)};
  }
  if (has_F0 && r.T) r.bound_T = bound_at(shape, *r.T);
}

void add_best_step(CheckResult& r, const Values<Wide>& v) {
  r.gamma_best = gamma_best(*r.theorem, v, *r.T);
  if (!r.gamma_best) {
    r.notes.push_back("no best γ: the bound keeps decreasing as γ grows");
    return;
  }
  Values<Wide> at_best = v;
  at_best.gamma = *r.gamma_best;
  r.bound_T_at_gamma_best = bound_at(*r.theorem, at_best, *r.T);
}

void add_missing_notes(CheckResult& r, const CheckArgs& args, bool has_F0) {
  if (!has_F0 && (args.T || args.eps))
    r.notes.push_back("give --F0 = f(x₀) − f* for bound(T), iterations to ε and the best γ");
  if (has_F0 && !args.T) r.notes.push_back("give --T for bound(T) and the best γ for T");
  if (has_F0 && !args.eps) r.notes.push_back("give --eps for the iterations to reach ε");
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
  if (args.T) r.T = read_horizon(*args.T);
  if (args.eps) r.eps = read_eps(*args.eps);
  const bool has_F0 = r.inputs.has(Symbol::F0);

  const auto exact = r.inputs.values();
  const auto wide = convert_values<Wide>(exact);
  r.conditions = certify(*r.theorem, exact);
  r.admissible = combine(r.conditions);
  r.gamma_max = gamma_max(*r.theorem, exact);
  // Exact where possible: a decrement such as μγ(2 − αLγ) near γ = 2/(αL) cancels in floats.
  const auto exact_shape = r.theorem->shape(exact);
  r.shape = exact_shape ? convert_shape<Wide>(*exact_shape) : r.theorem->shape(wide);
  if (r.admissible == Verdict::fails)
    r.notes.push_back(
        "the conditions fail at this γ: the theorem guarantees nothing here; "
        "rate and residual are shown for reference only");
  else
    add_guarantees(r, has_F0);
  if (has_F0 && r.T) add_best_step(r, wide);
  add_missing_notes(r, args, has_F0);
  if (args.grid) r.grid = admissible_grid(*r.theorem, exact);
  return r;
}

}  // namespace biasbound::theory
