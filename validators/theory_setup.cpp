#include "validators/theory_setup.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "core/error.hpp"
#include "theory/stagewise_bound.hpp"
#include "theory/suggested_step.hpp"
#include "validators/scenario_step.hpp"

namespace biasbound::validators {
namespace {

using theory::Symbol;

// The check sees the exact binary value of every double the run uses, never a rounded decimal.
std::string exact_text(double x) {
  return theory::exact_decimal(x);
}

constexpr const char* kClaimed = "claimed (scenario or --set)";

const std::set<Symbol> kFrontier = {Symbol::m, Symbol::zeta2, Symbol::M, Symbol::sigma2};

bool uses_frontier(const theory::TheoremInfo& info) {
  return info.needs(Symbol::m) || info.needs(Symbol::M);
}

std::optional<Symbol> symbol_named(std::string_view name) {
  for (Symbol s : theory::kAllSymbols)
    if (theory::symbol_info(s).name == name) return s;
  return std::nullopt;
}

class SetupBuilder {
 public:
  SetupBuilder(const Scenario& s, const theory::Theorem& statement, const ProblemConstants& p,
               const EstimatorConstants& e)
      : scenario_(s), info_(statement.info()), estimator_(e) {
    put(Symbol::L, p.L.value, "problem");
    if (p.L_blk) put(Symbol::L_blk, p.L_blk->value, "problem");
    if (p.L_max) put(Symbol::L_max, p.L_max->value, "problem");
    if (p.mu) put(Symbol::mu, p.mu->value, "problem");
    put(Symbol::F0, p.F0.value, "problem");
    put(Symbol::n, s.workers, "scenario");
    put(Symbol::tau, s.tau, "scenario");
    put(Symbol::B, s.blocks, "scenario");
    put(Symbol::beta, s.beta, "scenario");
    put(Symbol::beta_tilde, s.beta_tilde, "scenario");
    if (e.delta) put(Symbol::delta, e.delta->value, "compressor");
    if (e.alpha) put(Symbol::alpha, e.alpha->value, "compressor");
    if (e.G2) put(Symbol::G2, e.G2->value, "measured");
    if (e.sigma2) put(Symbol::sigma2, e.sigma2->value, "measured");
    for (const auto& [name, value] : s.constants) {
      const auto symbol = symbol_named(name);
      if (!symbol) continue;  // f_star: applied to the problem constants already
      if (!relevant(*symbol))
        unused_claims_.push_back(fmt::format(
            "{} = {} is claimed, but {} ({}) does not use {}: the claim has no effect", name, value,
            info_.id, theory::regime_name(info_.regime), theory::symbol_info(*symbol).math));
      else if (kFrontier.count(*symbol) && uses_frontier(info_))
        frontier_claims_[*symbol] = value;
      else
        put(*symbol, value, kClaimed);
    }
  }

  TheorySetup build() {
    TheorySetup setup;
    if (scenario_.gamma == "best" && uses_frontier(info_)) {
      choose_best_over_frontier(setup);
    } else if (scenario_.gamma == "best" || scenario_.gamma == "max") {
      pick_frontier(1e-12, setup);
      setup.gamma = symbolic_gamma();
      pick_frontier(setup.gamma, setup);  // the pair with the smallest residual at that γ
    } else if (is_schedule(scenario_.gamma)) {
      setup.step = scenario_schedule(scenario_, info_);
      setup.gamma = setup.step.stages().front().gamma;
      // The last stage's residual is the one the composed bound tends to.
      pick_frontier(setup.step.stages().back().gamma, setup);
    } else {
      setup.gamma = std::stod(scenario_.gamma);
      pick_frontier(setup.gamma, setup);
    }
    if (setup.step.constant()) setup.step = setup.gamma;
    setup.gamma_source =
        scenario_.gamma == "best"
            ? fmt::format("best γ for T = {} (minimises the bound)", scenario_.iterations)
        : scenario_.gamma == "max" ? std::string("largest admissible γ")
        : setup.step.constant()    ? std::string("scenario")
                                   : std::string("scenario schedule (stage 1)");
    auto a = args(setup.gamma, false);
    if (!setup.step.constant()) {
      a.values.erase(Symbol::gamma);
      a.schedule = theory::schedule_text(exact_schedule(setup.step));
    }
    setup.check = theory::check(a);
    setup.notes.insert(setup.notes.end(), unused_claims_.begin(), unused_claims_.end());
    setup.sources = sources_;
    setup.sources[Symbol::gamma] = setup.gamma_source;
    return setup;
  }

 private:
  // The measurement as it was just made, or as saved in the folder by an earlier run.
  theory::MeasuredConstants measured() const {
    if (!estimator_.measure_record.is_null())
      return theory::measured_constants_from_json(estimator_.measure_record, measure_name());
    return theory::read_measured_constants(estimator_.measure_json);
  }
  std::string measure_name() const {
    return estimator_.measure_json.empty() ? "measurement"
                                           : estimator_.measure_json.filename().string();
  }

  // gamma = "best" with measured frontiers: each (m, ζ²), (M, σ²) combination has its own best
  // γ for T; the one whose bound at T is smallest there is the theory's suggestion.
  void choose_best_over_frontier(TheorySetup& setup) {
    const auto file = measured();
    std::optional<double> best_bound;
    for (const auto& b : file.bias)
      for (const auto& v : file.variance) {
        set_pair(b, v);
        theory::CheckResult r;
        try {
          r = theory::check(args(1e-12, false));
        } catch (const core::InputError&) {
          continue;  // a pair outside the theorem's domain (m ≥ 1)
        }
        if (!r.gamma_best || !r.bound_T_at_gamma_best) continue;
        const double bound = theory::convert<double>(*r.bound_T_at_gamma_best);
        if (best_bound && bound >= *best_bound) continue;
        best_bound = bound;
        setup.gamma = run_step(*r.gamma_best, r);
        setup.notes = {fmt::format(
            "γ = best: over the {} × {} measured frontier combinations, {} and {} give the "
            "smallest bound at T = {} ({:.4g})",
            file.bias.size(), file.variance.size(), b.label, v.label, scenario_.iterations, bound)};
        chosen_ = {b, v};
      }
    if (!best_bound) return fall_back_to_max(setup);
    set_pair(chosen_->first, chosen_->second);
    apply_frontier_claims(setup);
  }

  void set_pair(const theory::BiasPoint& b, const theory::VariancePoint& v) {
    values_[Symbol::m] = exact_text(theory::convert<double>(b.m));
    values_[Symbol::zeta2] = exact_text(theory::convert<double>(b.zeta2));
    values_[Symbol::M] = exact_text(theory::convert<double>(v.M));
    values_[Symbol::sigma2] = exact_text(theory::convert<double>(v.sigma2));
    for (Symbol s : {Symbol::m, Symbol::zeta2})
      sources_[s] = fmt::format("measured: {} {}", measure_name(), b.label);
    for (Symbol s : {Symbol::M, Symbol::sigma2})
      sources_[s] = fmt::format("measured: {} {}", measure_name(), v.label);
    for (const auto& [symbol, value] : frontier_claims_) {
      values_[symbol] = exact_text(value);
      sources_[symbol] = kClaimed;
    }
  }

  // Every measured combination gives a vacuous bound (or none admits a best γ): there is no
  // minimiser worth suggesting, so the run uses the largest admissible γ and says why.
  void fall_back_to_max(TheorySetup& setup) {
    pick_frontier(1e-12, setup);
    const auto probe = theory::check(args(1e-12, false));
    if (!probe.gamma_max.suggested)
      throw core::input_error("theorem {}: no admissible γ > 0 at these constants", info_.id);
    setup.gamma = run_step(*probe.gamma_max.suggested, probe);
    setup.notes.push_back(
        probe.vacuous ? fmt::format("γ = best: {}; the run uses the largest admissible γ instead "
                                    "of the minimiser of a bound that promises nothing",
                                    probe.vacuous->message)
                      : "γ = best: no measured frontier combination has a best γ; the run uses "
                        "the largest admissible γ");
  }

  bool heavy_ball() const { return info_.needs(Symbol::beta_tilde); }

  // M-DSGD steps with η = γ(1 − β̃) rounded to a double (methods/seed_run): the check sees
  // that η exactly, as γ = η/(1 − β̃).
  double run_eta(double gamma) const { return gamma * (1 - scenario_.beta_tilde); }

  // The largest double ≤ `suggested` that the check admits in the form the run takes it.
  double run_step(double suggested, const theory::CheckResult& r) const {
    if (!heavy_ball()) return suggested;
    const auto v = r.inputs.values();
    const auto admits = [&](double gamma) {
      return theory::certified_admits(*r.theorem, v,
                                      theory::exact_value(run_eta(gamma)) / (1 - v.beta_tilde));
    };
    const auto step = theory::largest_double_where(admits, suggested);
    if (!step) throw core::input_error("theorem {}: no admissible step η > 0", info_.id);
    return *step;
  }

 private:
  void put(Symbol symbol, double value, std::string source) {
    if (!relevant(symbol)) return;
    values_[symbol] = exact_text(value);
    sources_[symbol] = std::move(source);
  }

  bool relevant(Symbol s) const {
    if (s == Symbol::F0) return true;
    for (Symbol p : info_.parameters)
      if (p == s) return true;
    return info_.needs(s);
  }

  theory::CheckArgs args(double gamma, bool with_file) const {
    theory::CheckArgs a;
    a.theorem = info_.id;
    a.regime = std::string(theory::regime_name(info_.regime));
    a.values = values_;
    if (heavy_ball())
      a.eta = exact_text(run_eta(gamma));
    else
      a.values[Symbol::gamma] = exact_text(gamma);
    a.T = std::to_string(scenario_.iterations);
    if (with_file) {
      a.measured = measured();
      for (Symbol s : kFrontier) a.values.erase(s);
    }
    return a;
  }

  // Chooses the (m, ζ²), (M, σ²) pairs at `gamma` and makes them explicit inputs, the
  // scenario's claims replacing measured members.
  void pick_frontier(double gamma, TheorySetup& setup) {
    if (!uses_frontier(info_)) return;
    const auto first = theory::check(args(gamma, true));
    for (Symbol s : kFrontier)
      if (first.inputs.has(s)) {
        values_[s] = exact_text(theory::convert<double>(first.inputs.at(s).value));
        sources_[s] = "measured: " + first.inputs.at(s).source;
      }
    if (first.frontier) setup.notes = first.frontier->notes;
    apply_frontier_claims(setup);
  }

  void apply_frontier_claims(TheorySetup& setup) {
    for (const auto& [symbol, value] : frontier_claims_) {
      values_[symbol] = exact_text(value);
      sources_[symbol] = kClaimed;
      setup.notes.push_back(
          fmt::format("{} = {} claimed by the scenario (replaces the measured {})",
                      theory::symbol_info(symbol).name, value, theory::symbol_info(symbol).name));
    }
  }

  double symbolic_gamma() const {
    const auto probe = theory::check(args(1e-12, false));
    const auto& gmax = probe.gamma_max;
    const bool bounded = gmax.kind == theory::GammaMax::Kind::bounded;
    if (bounded && !gmax.suggested)
      throw core::input_error("theorem {}: no admissible γ > 0 at these constants", info_.id);
    if (scenario_.gamma == "best" && probe.gamma_best) return run_step(*probe.gamma_best, probe);
    if (bounded) return run_step(*gmax.suggested, probe);
    if (probe.vacuous && probe.vacuous->every_step)
      throw core::input_error(
          "theorem {}: every γ > 0 is admissible and the bound is {}, so gamma = \"{}\" names no "
          "step; give a number",
          info_.id, probe.vacuous->message, scenario_.gamma);
    throw core::input_error(
        "theorem {}: every γ > 0 is admissible{}, so gamma = \"{}\" names no step; give a "
        "number",
        info_.id, probe.gamma_best ? "" : " and the bound has no minimum in γ", scenario_.gamma);
  }

  const Scenario& scenario_;
  const theory::TheoremInfo& info_;
  const EstimatorConstants& estimator_;
  std::map<Symbol, std::string> values_;
  std::map<Symbol, double> frontier_claims_;
  std::map<Symbol, std::string> sources_;
  std::vector<std::string> unused_claims_;
  std::optional<std::pair<theory::BiasPoint, theory::VariancePoint>> chosen_;
};

}  // namespace

TheorySetup setup_theory(const Scenario& scenario, const theory::Theorem& statement,
                         const ProblemConstants& problem, const EstimatorConstants& estimator) {
  return SetupBuilder(scenario, statement, problem, estimator).build();
}

}  // namespace biasbound::validators
