#include "validators/run_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "theory/quantity.hpp"
#include "validators/quantity_curve.hpp"

namespace biasbound::validators {
namespace {

// momentum-pl's a = 3γ³L²(1 − β)²/β³, with the γ, β and L the check used.
double lyapunov_weight(const theory::CheckResult& check) {
  const auto value = [&](theory::Symbol s) {
    return theory::convert<double>(check.inputs.at(s).value);
  };
  const double gamma = value(theory::Symbol::gamma), beta = value(theory::Symbol::beta);
  const double L = value(theory::Symbol::L);
  return 3 * gamma * gamma * gamma * L * L * (1 - beta) * (1 - beta) / (beta * beta * beta);
}

// Why no comparison can be made: a seed that diverged or stopped before T.
std::string unfinished_seeds(std::span<const methods::SeedTrace> traces, long long T) {
  for (const auto& t : traces) {
    if (t.divergence)
      return fmt::format("seed {} {}: no comparison was made", t.seed, *t.divergence);
    if (static_cast<long long>(t.f.size()) < T + 1)
      return fmt::format("seed {} stopped after {} of {} iterations ({}): no comparison was made",
                         t.seed, static_cast<long long>(t.f.size()) - 1, T,
                         t.stopped.value_or("trace too short"));
  }
  return {};
}

void require_comparable(const theory::CheckResult& check,
                        std::span<const methods::SeedTrace> traces, long long T,
                        const RunComparisonOptions& options) {
  options.check();
  if (check.theorem == nullptr || !check.shape || !conditions_hold(check))
    throw core::input_error(
        "compare: the theorem's conditions do not hold at the checked step, so it bounds "
        "nothing to compare the runs with");
  if (T < 1) throw core::input_error("compare: T = {} iterations; need at least 1", T);
  if (check.stagewise && T != check.stagewise->horizon())
    throw core::input_error("compare: the schedule runs {} iterations but the runs have T = {}",
                            check.stagewise->horizon(), T);
  if (traces.empty()) throw core::input_error("compare: no runs to compare");
  const auto& info = check.theorem->info();
  const auto& quantity = theory::quantity_info(info.quantity);
  if (quantity.scale == theory::QuantityScale::kOptimalityGap && !options.f_star)
    throw core::InputError(
        fmt::format("RunComparisonOptions.f_star is not set: {} bounds {}, which needs f*", info.id,
                    info.quantity),
        "RunComparisonOptions.f_star");
  if (quantity.needs_virtual_sequence)
    for (const auto& t : traces)
      if (t.f_virtual.size() != t.f.size())
        throw core::input_error(
            "compare: {} bounds {} of the virtual sequence; seed {} was run without it (add "
            "methods::callbacks::VirtualSequence to the run)",
            info.id, info.quantity, t.seed);
}

void compare_at_checkpoints(RunComparison& out, const theory::CheckResult& check, long long T,
                            const RunComparisonOptions& options, double floor) {
  const auto bound = bound_curve(check, T);  // defined: the conditions hold
  out.checkpoints = checkpoints(static_cast<int>(T), options.checkpoints);
  const auto C = static_cast<Eigen::Index>(out.checkpoints.size());
  const auto R = static_cast<Eigen::Index>(out.curves.per_seed.size());
  Eigen::MatrixXd values(R, C);
  out.bound.resize(C);
  for (Eigen::Index c = 0; c < C; ++c) {
    const auto k = static_cast<std::size_t>(out.checkpoints[static_cast<std::size_t>(c)]);
    out.bound(c) = bound[k];
    for (Eigen::Index r = 0; r < R; ++r)
      values(r, c) = out.curves.per_seed[static_cast<std::size_t>(r)][k];
  }
  CompareOptions compare_options;
  compare_options.deterministic = options.deterministic;
  compare_options.confidence = options.confidence;
  compare_options.absolute_floor = floor;
  out.statistics = compare(values, out.bound, compare_options);
  out.outcome = out.statistics.outcome;
}

void summarize(RunComparison& out) {
  const auto& cmp = out.statistics;
  if (cmp.first_violation) {
    const auto c = static_cast<std::size_t>(*cmp.first_violation);
    out.first_violation = FirstViolation{out.checkpoints[c], cmp.mean[c], cmp.lower[c],
                                         out.bound(static_cast<Eigen::Index>(c))};
  }
  const auto tight = std::min_element(cmp.tightness.begin(), cmp.tightness.end());
  if (tight != cmp.tightness.end() && std::isfinite(*tight)) out.tightness_min = *tight;
}

void fit(RunComparison& out, double floor) {
  out.window = fit_window(out.curves.mean, floor);
  if (out.window.end - out.window.begin < 5) return;
  const std::vector<double> values(out.curves.mean.begin() + out.window.begin,
                                   out.curves.mean.begin() + out.window.end);
  out.rate_fit = fit_rate(values);
}

core::Json rate_fit_json(const RunComparison& r) {
  if (!r.rate_fit)
    return {{"rho", nullptr},
            {"residual", nullptr},
            {"note", "fewer than 5 iterates above the round-off floor: no fit"}};
  return {{"rho", r.rate_fit->rho},
          {"residual", r.rate_fit->r},
          {"A", r.rate_fit->A},
          {"window", {r.window.begin, r.window.end - 1}},
          {"converged", r.rate_fit->converged},
          {"model",
           "mean quantity ≈ A ρ^(T − first) + r, Cauchy loss on log scale, fitted "
           "over the window"}};
}

core::Json statistics_json(const RunComparison& r) {
  const auto& cmp = r.statistics;
  return {{"mode", r.deterministic ? "deterministic" : "stochastic"},
          {"seeds", r.seeds},
          {"confidence", r.confidence},
          {"checkpoints", r.checkpoints},
          {"per_checkpoint_level", cmp.level},
          {"t_quantile", cmp.t_quantile},
          {"seeds_needed", cmp.seeds_needed ? core::Json(*cmp.seeds_needed) : core::Json(nullptr)},
          {"relative_tolerance", r.deterministic ? core::Json(cmp.relative_tolerance) : nullptr},
          {"absolute_floor", cmp.absolute_floor},
          {"minima",
           "minima over iterates are taken per seed: E min ≤ min E, so a violation is "
           "conclusive"}};
}

}  // namespace

bool conditions_hold(const theory::CheckResult& check) {
  const auto verdict = check.stagewise ? check.stagewise->admissible : check.admissible;
  return verdict == theory::Verdict::holds;
}

void RunComparisonOptions::check() const {
  if (f_star && !std::isfinite(*f_star))
    throw core::field_error("RunComparisonOptions.f_star", *f_star, "must be finite");
  if (!(confidence > 0 && confidence < 1))
    throw core::field_error("RunComparisonOptions.confidence", confidence, "must lie in (0, 1)");
  if (checkpoints < 1)
    throw core::field_error("RunComparisonOptions.checkpoints", checkpoints, "must be ≥ 1");
}

RunComparison compare(const theory::CheckResult& check, std::span<const methods::SeedTrace> traces,
                      long long T, const RunComparisonOptions& options) {
  require_comparable(check, traces, T, options);
  RunComparison out;
  out.quantity = check.theorem->info().quantity;
  out.seeds = static_cast<int>(traces.size());
  out.confidence = options.confidence;
  out.deterministic = options.deterministic;
  out.reason = unfinished_seeds(traces, T);
  if (!out.reason.empty()) return out;
  QuantityInputs q;
  q.f_star = options.f_star.value_or(0);
  if (theory::quantity_info(out.quantity).needs_virtual_sequence)
    q.lyapunov_a = lyapunov_weight(check);
  out.curves = quantity_curves(out.quantity, traces, q);
  const double floor = 1e-12 * std::max(1.0, std::abs(q.f_star));  // the quantity's round-off
  compare_at_checkpoints(out, check, T, options, floor);
  summarize(out);
  fit(out, floor);
  return out;
}

RunComparison compare(const theory::CheckResult& check, const methods::Traces& runs,
                      const RunComparisonOptions& options) {
  return compare(check, runs.seeds, runs.iterations, options);
}

std::string verdict_detail(const std::optional<FirstViolation>& first_violation,
                           const std::optional<double>& tightness_min) {
  if (first_violation)
    return fmt::format("; first violated at T = {}: observed >= {:.6g} > bound {:.6g}",
                       first_violation->iteration, first_violation->lower_limit,
                       first_violation->bound);
  if (tightness_min) return fmt::format("; min bound/observed = {:.4g}", *tightness_min);
  return {};
}

std::string RunComparison::brief_report() const {
  if (!reason.empty()) return fmt::format("{}: {}", to_string(outcome), reason);
  const auto detail = verdict_detail(first_violation, tightness_min);
  const auto rate = rate_fit ? fmt::format("; fitted rate {:.6g}", rate_fit->rho) : "";
  return fmt::format("{} over {} seeds{}{}", to_string(outcome), seeds, detail, rate);
}

core::Json RunComparison::to_json() const {
  core::Json j;
  j["verdict"] = to_string(outcome);
  j["first_violation"] = nullptr;
  if (first_violation)
    j["first_violation"] = {{"iteration", first_violation->iteration},
                            {"observed_mean", first_violation->observed_mean},
                            {"lower_limit", first_violation->lower_limit},
                            {"bound", first_violation->bound}};
  j["tightness_min"] = tightness_min ? core::Json(*tightness_min) : core::Json(nullptr);
  if (!reason.empty()) {
    j["reason"] = reason;
    j["rate_fit"] = {{"rho", nullptr}, {"residual", nullptr}};
    return j;
  }
  j["statistics"] = statistics_json(*this);
  j["rate_fit"] = rate_fit_json(*this);
  return j;
}

}  // namespace biasbound::validators
