#include "validators/validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "core/build_info.hpp"
#include "core/csv_writer.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/thread_pool.hpp"
#include "methods/momentum_run.hpp"
#include "problems/factory.hpp"
#include "theory/catalog.hpp"
#include "theory/certify.hpp"
#include "validators/compare.hpp"
#include "validators/estimator_constants.hpp"
#include "validators/problem_constants.hpp"
#include "validators/quantity_curve.hpp"
#include "validators/rate_fit.hpp"
#include "validators/seed_store.hpp"
#include "validators/theory_setup.hpp"

namespace biasbound::validators {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Which method runs and what is measured, by theorem id (THEORY.md §4).
struct Plan {
  methods::MethodSpec method;
  MeasurePlan measure;
  std::vector<std::string> notes;
};

std::string required_compressor(const Scenario& s, std::string_view id) {
  if (s.compressor.empty())
    throw core::input_error(
        "scenario {}: theorem {} needs a compressor C: set [estimator] compressor (e.g. "
        "\"topk:frac=0.1\")",
        s.name, id);
  return s.compressor;
}

Plan plan_for(const Scenario& s, const theory::TheoremInfo& info) {
  Plan p;
  auto& m = p.method;
  m.gamma = 0;  // set once the theory has chosen it
  m.init = methods::parse_init(s.init);
  const std::string& id = info.id;
  const bool biased_sgd = id.starts_with("biased-sgd"), momentum = id.starts_with("momentum");
  if (biased_sgd || momentum) {
    m.kind = methods::MethodKind::kServerMomentum;
    m.estimator = s.estimator;
    m.beta = momentum ? s.beta : 1.0;
    if (biased_sgd && s.beta != 1)
      p.notes.push_back("biased SGD is β = 1: the scenario's beta is not used");
    if (momentum && s.init != "zero")
      p.notes.push_back("the theorem covers v₋₁ = 0 (init = \"zero\"); this run uses v₀ = g₀");
    p.measure.estimator = s.estimator;
  } else if (id == "compressed-gd-contraction" || id == "unbiased-compressed-gd") {
    const std::string C = s.compressor.empty() ? s.estimator : s.compressor;
    m.kind = methods::MethodKind::kServerMomentum;
    m.estimator = C;
    p.measure.estimator = C;
    p.measure.compressor = C;
    p.measure.need_delta = id == "compressed-gd-contraction";
    p.measure.need_alpha = !p.measure.need_delta;
  } else if (id == "delayed-compressed-gd-pl") {
    m.kind = methods::MethodKind::kDelayedGd;
    m.compressor = s.compressor.empty() ? "identity" : s.compressor;
    m.tau = s.tau;
    m.staleness =
        s.staleness == "random" ? methods::Staleness::kRandom : methods::Staleness::kFixed;
    p.measure.estimator = m.compressor == "identity" ? "exact" : m.compressor;
    p.measure.compressor = p.measure.estimator;
    p.measure.need_alpha = true;
  } else if (id == "ef-sgd-nonconvex" || id == "mdsgd-nonconvex") {
    m.kind = id == "ef-sgd-nonconvex" ? methods::MethodKind::kEfSgd : methods::MethodKind::kMdsgd;
    m.estimator = s.estimator;
    m.compressor = required_compressor(s, id);
    m.beta_tilde = s.beta_tilde;
    p.measure.estimator = s.estimator;
    p.measure.compressor = m.compressor;
    p.measure.need_G2 = true;
    p.measure.need_delta = true;
    p.measure.need_worker_sigma2 = id == "mdsgd-nonconvex";
  } else {
    throw core::input_error("theorem {}: no method is wired to it", id);
  }
  return p;
}

// DIR/scenario.json records what DIR's results belong to; a different scenario is refused so
// that nothing in DIR is overwritten or silently mixed.
void claim_directory(const Scenario& s, const std::filesystem::path& out) {
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) throw core::input_error("--out '{}': {}", out.string(), error.message());
  const auto path = out / "scenario.json";
  const auto mine = fingerprint(s);
  if (std::filesystem::exists(path)) {
    const auto theirs = core::read_json_file(path).at("fingerprint");
    for (const auto& [key, value] : mine.items())
      if (!theirs.contains(key) || theirs.at(key) != value)
        throw core::input_error(
            "--out '{}' holds results of a different scenario ({}: {} there, {} here); choose "
            "another --out or delete the directory",
            out.string(), key, theirs.contains(key) ? theirs.at(key).dump() : "absent",
            value.dump());
  }
  core::write_json_file(path, {{"fingerprint", mine}, {"scenario", to_json(s)}});
}

struct Constants {
  ProblemConstants problem;
  EstimatorConstants estimator;
  bool reused = false;
};

Constants constants_for(const Scenario& s, const problems::Problem& problem,
                        const theory::TheoremInfo& info, const Plan& plan,
                        const ValidateOptions& options) {
  const auto path = options.out / "constants.json";
  Constants c;
  if (std::filesystem::exists(path)) {
    const auto j = core::read_json_file(path);
    c.problem = problem_constants_from_json(j.at("problem"));
    c.estimator = estimator_constants_from_json(j.at("estimator"));
    c.reused = true;
    return c;
  }
  if (options.progress) fmt::print(stderr, "validate: problem constants (L, μ, f*, F0)\n");
  c.problem = problem_constants(problem, info.needs(theory::Symbol::mu), s.probe_iters);
  MeasureSettings m;
  m.problem = s.problem;
  m.workers = s.workers;
  m.points = s.points;
  m.samples = s.samples;
  m.probes = s.probes;
  m.probe_iters = s.probe_iters;
  m.seed = s.measure_seed;
  m.confidence = s.confidence;
  m.threads = s.threads;
  m.progress = options.progress;
  c.estimator = measure_constants(m, plan.measure, options.out);
  core::write_json_file(path,
                        {{"problem", to_json(c.problem)}, {"estimator", to_json(c.estimator)}});
  return c;
}

// A claimed f* moves F₀ with it; the other claims go to the theory.
void apply_claimed_optimum(const Scenario& s, ProblemConstants& p) {
  const auto it = s.constants.find("f_star");
  if (it == s.constants.end()) return;
  p.F0.value += p.f_star.value - it->second;
  p.F0.source = "f(x0) − f* with the scenario's f*";
  p.f_star = {it->second, "claimed by the scenario"};
}

struct Runs {
  std::vector<methods::SeedTrace> traces;
  int computed = 0;
  int reused = 0;
};

Runs run_seeds(const problems::Problem& problem, const methods::MethodSpec& spec, const Scenario& s,
               int seeds, bool virtual_sequence, const ValidateOptions& options) {
  const SeedStore store(options.out / "seeds");
  Runs runs;
  runs.traces.resize(static_cast<std::size_t>(seeds));
  std::vector<int> missing;
  for (int r = 0; r < seeds; ++r) {
    const auto seed = s.first_seed + static_cast<std::uint64_t>(r);
    if (auto trace = store.load(seed, s.iterations))
      runs.traces[static_cast<std::size_t>(r)] = std::move(*trace);
    else
      missing.push_back(r);
  }
  runs.reused = seeds - static_cast<int>(missing.size());
  runs.computed = static_cast<int>(missing.size());
  if (missing.empty()) return runs;

  const int threads = std::min(s.threads > 0 ? s.threads : core::default_thread_count(),
                               static_cast<int>(missing.size()));
  core::ThreadPool pool(threads);
  core::Progress progress("validate", static_cast<long long>(missing.size()), options.progress);
  std::mutex mutex;
  int finished = 0;
  std::vector<std::string> divergences(missing.size());
  pool.parallel_for(static_cast<int>(missing.size()), [&](int i) {
    const int r = missing[static_cast<std::size_t>(i)];
    const auto seed = s.first_seed + static_cast<std::uint64_t>(r);
    auto trace = methods::run_seed(problem, spec, seed, s.iterations, virtual_sequence);
    if (trace.divergence) {
      divergences[static_cast<std::size_t>(i)] = fmt::format("seed {} {}", seed, *trace.divergence);
      return;
    }
    store.save(trace);
    runs.traces[static_cast<std::size_t>(r)] = std::move(trace);
    const std::lock_guard lock(mutex);
    progress.update(++finished, fmt::format("seed {} done", seed));
  });
  progress.finish();
  for (const auto& d : divergences)
    if (!d.empty())
      throw core::DivergenceError(
          fmt::format("{}; finished seeds are kept in {}", d, (options.out / "seeds").string()));
  return runs;
}

double to_double(const theory::Wide& x) {
  return theory::convert<double>(x);
}

// The bound at horizon T (NaN where it is not defined: T = 0 of an average).
std::vector<double> bound_curve(const theory::BoundShape<theory::Wide>& shape, long long K) {
  std::vector<double> b(static_cast<std::size_t>(K + 1), kNaN);
  const auto first = to_double(theory::first_horizon(shape));
  for (long long T = static_cast<long long>(first); T <= K; ++T)
    b[static_cast<std::size_t>(T)] = to_double(theory::bound_at(shape, theory::Wide(T)));
  return b;
}

struct Curves {
  std::vector<std::vector<double>> per_seed;  // [seed][T]
  std::vector<double> mean, standard_error;   // [T]
};

Curves quantity_curves(const std::string& name, const Runs& runs, const QuantityInputs& in) {
  Curves c;
  for (const auto& t : runs.traces) c.per_seed.push_back(quantity_curve(name, t, in));
  const std::size_t n = c.per_seed.front().size();
  const double R = static_cast<double>(c.per_seed.size());
  c.mean.assign(n, 0);
  c.standard_error.assign(n, 0);
  for (std::size_t T = 0; T < n; ++T) {
    double sum = 0, sq = 0;
    for (const auto& q : c.per_seed) sum += q[T];
    const double mean = sum / R;
    for (const auto& q : c.per_seed) sq += (q[T] - mean) * (q[T] - mean);
    c.mean[T] = mean;
    c.standard_error[T] = R > 1 ? std::sqrt(sq / (R - 1) / R) : 0;
  }
  return c;
}

struct FitWindow {
  long long begin = 0, end = 0;
};

// The fitted phase: from the first defined value to where the mean reaches the round-off floor.
FitWindow fit_window(const std::vector<double>& mean, double floor) {
  FitWindow w;
  const auto n = static_cast<long long>(mean.size());
  while (w.begin < n && !(mean[static_cast<std::size_t>(w.begin)] > 0)) ++w.begin;
  w.end = w.begin;
  while (w.end < n && mean[static_cast<std::size_t>(w.end)] > 1e3 * floor) ++w.end;
  return w;
}

core::Json rate_fit_json(const Curves& c, double floor, std::optional<RateFit>& fit,
                         FitWindow& window) {
  window = fit_window(c.mean, floor);
  if (window.end - window.begin < 5)
    return {{"rho", nullptr},
            {"residual", nullptr},
            {"note", "fewer than 5 iterates above the round-off floor: no fit"}};
  const std::vector<double> values(c.mean.begin() + window.begin, c.mean.begin() + window.end);
  fit = fit_rate(values);
  return {{"rho", fit->rho},
          {"residual", fit->r},
          {"A", fit->A},
          {"window", {window.begin, window.end - 1}},
          {"converged", fit->converged},
          {"model",
           "mean quantity ≈ A ρ^(T − first) + r, Cauchy loss on log scale, fitted "
           "over the window"}};
}

core::Json conditions_json(const theory::CheckResult& r) {
  core::Json list = core::Json::array();
  for (const auto& c : r.conditions)
    list.push_back({{"name", c.name},
                    {"formula", c.formula},
                    {"lhs", to_double(c.lhs)},
                    {"rhs", to_double(c.rhs)},
                    {"slack", to_double(c.slack)},
                    {"verdict", theory::verdict_name(c.verdict)},
                    {"exact", c.exact}});
  return list;
}

core::Json inputs_json(const theory::CheckResult& r, const TheorySetup& setup, const Constants& k) {
  core::Json j = core::Json::object();
  for (const auto& [symbol, input] : r.inputs.all()) {
    const auto it = setup.sources.find(symbol);
    j[std::string(theory::symbol_info(symbol).name)] = {
        {"value", theory::convert<double>(input.value)},
        {"source", it != setup.sources.end() ? it->second : input.source}};
  }
  // How measured and problem constants were obtained, in words (claims have no derivation).
  auto explain = [&](const char* name, const std::optional<Sourced>& s) {
    if (s && j.contains(name) && j[name]["source"] != "claimed (scenario or --set)")
      j[name]["derived"] = s->source;
  };
  explain("L", k.problem.L);
  explain("mu", k.problem.mu);
  explain("F0", k.problem.F0);
  explain("G2", k.estimator.G2);
  explain("delta", k.estimator.delta);
  explain("alpha", k.estimator.alpha);
  explain("sigma2", k.estimator.sigma2);  // M-DSGD's per-worker noise only
  j["f_star"] = to_json(k.problem.f_star);
  return j;
}

void write_trace(const std::filesystem::path& path, const Runs& runs, const Curves& curves,
                 bool virtual_sequence) {
  std::vector<std::string> columns = {"seed", "iter", "f", "grad_norm2", "quantity"};
  if (virtual_sequence) {
    columns.push_back("f_virtual");
    columns.push_back("v_norm2");
  }
  core::CsvWriter csv(path, columns);
  for (std::size_t r = 0; r < runs.traces.size(); ++r) {
    const auto& t = runs.traces[r];
    for (std::size_t k = 0; k < t.f.size(); ++k) {
      csv.cell(t.seed).cell(static_cast<long long>(k)).cell(t.f[k]).cell(t.grad_norm2[k]);
      const double q = curves.per_seed[r][k];
      csv.cell(std::isnan(q) ? std::optional<double>() : std::optional<double>(q));
      if (virtual_sequence) csv.cell(t.f_virtual[k]).cell(t.v_norm2[k]);
      csv.end_row();
    }
  }
}

std::optional<double> defined(double x) {
  return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
}

void write_bound(const std::filesystem::path& path, const std::vector<double>& bound,
                 double residual, const Curves& c, const Comparison& cmp,
                 const std::vector<int>& checkpoints, const std::optional<RateFit>& fit,
                 const FitWindow& window) {
  core::CsvWriter csv(path, {"iter", "bound", "residual", "mean", "std_error", "lower", "upper",
                             "tightness", "fit", "checkpoint"});
  for (std::size_t T = 0; T < bound.size(); ++T) {
    const double mean = c.mean[T], se = c.standard_error[T];
    const double half = cmp.t_quantile * se;
    const bool in_window = fit && static_cast<long long>(T) >= window.begin;
    const double fitted = in_window
                              ? fit->A * std::pow(fit->rho, static_cast<double>(T) -
                                                                static_cast<double>(window.begin)) +
                                    fit->r
                              : kNaN;
    const bool is_checkpoint =
        std::find(checkpoints.begin(), checkpoints.end(), static_cast<int>(T)) != checkpoints.end();
    csv.cell(static_cast<long long>(T))
        .cell(defined(bound[T]))
        .cell(residual)
        .cell(defined(mean))
        .cell(defined(se))
        .cell(defined(mean - half))
        .cell(defined(mean + half))
        .cell(defined(mean > 0 ? bound[T] / mean : kNaN))
        .cell(defined(fitted))
        .cell(static_cast<long long>(is_checkpoint));
    csv.end_row();
  }
}

// The command that reproduces this validation (and its report).
std::string reproduce_command(const Scenario& s, const std::filesystem::path& out) {
  std::string command = fmt::format("biasbound validate {} --out {}", s.origin, out.string());
  for (const auto& o : s.overrides) command += fmt::format(" --set {}", o);
  return command;
}

// γ_max as a function of the momentum parameter (β, or β̃ for M-DSGD) with every other input
// fixed: the boundary of the admissible (γ, β) region. One row without a parameter.
core::Json write_region(const std::filesystem::path& path, const theory::Theorem& statement,
                        const theory::CheckResult& check) {
  const auto& info = statement.info();
  std::optional<theory::Symbol> parameter;
  for (auto p : info.parameters)
    if (p == theory::Symbol::beta || p == theory::Symbol::beta_tilde) parameter = p;
  core::CsvWriter csv(path, {"parameter_value", "gamma_max"});
  auto v = theory::convert_values<theory::Wide>(check.inputs.values());
  auto limit = [&] {
    const auto g = theory::gamma_max(statement, v);
    return g.kind == theory::GammaMax::Kind::bounded ? std::optional(to_double(g.value))
                                                     : std::nullopt;
  };
  if (!parameter) {
    csv.cell(std::optional<double>()).cell(limit());
    csv.end_row();
    return {{"parameter", nullptr}, {"file", "region.csv"}};
  }
  const bool tilde = *parameter == theory::Symbol::beta_tilde;
  constexpr int kRows = 60;
  for (int i = 0; i < kRows; ++i) {
    // β ∈ (0, 1]: from 1/60 to 1; β̃ ∈ [0, 1): from 0 to 59/60.
    const double value = tilde ? double(i) / kRows : double(i + 1) / kRows;
    theory::field(v, *parameter) = theory::Wide(value);
    csv.cell(value).cell(limit());
    csv.end_row();
  }
  return {{"parameter", theory::symbol_info(*parameter).name}, {"file", "region.csv"}};
}

core::Json statement_json(const theory::TheoremInfo& info) {
  return {{"id", info.id},
          {"regime", theory::regime_name(info.regime)},
          {"title", info.title},
          {"provenance", info.provenance},
          {"method", info.method},
          {"quantity", info.quantity},
          {"statement", info.statement},
          {"rate", info.rate},
          {"residual", info.residual}};
}

}  // namespace

ValidationResult validate(const Scenario& s, const ValidateOptions& options) {
  const auto start = Clock::now();
  claim_directory(s, options.out);
  const auto problem = problems::make_problem(s.problem, s.workers);
  const auto analytic_mu = problem->constants().mu;
  const auto selection = theory::select_statement(
      s.theorem, s.regime.empty() ? std::nullopt : std::optional(theory::parse_regime(s.regime)),
      analytic_mu && *analytic_mu > 0);
  const auto& statement = *selection.theorem;
  const auto& info = statement.info();
  Plan plan = plan_for(s, info);

  Constants constants = constants_for(s, *problem, info, plan, options);
  apply_claimed_optimum(s, constants.problem);
  TheorySetup theory = setup_theory(s, statement, constants.problem, constants.estimator);
  plan.method.gamma = theory.gamma;
  const auto& check = theory.check;
  const bool admissible = check.admissible == theory::Verdict::holds;

  const double residual = to_double(check.shape.residual);
  core::Json record = {
      {"command", "validate"},
      {"theorem", info.id},
      {"regime", theory::regime_name(info.regime)},
      {"regime_reason", selection.reason},
      {"statement", statement_json(info)},
      {"scenario", to_json(s)},
      {"method",
       {{"name", methods::to_string(plan.method.kind)},
        {"estimator", plan.method.estimator},
        {"compressor", plan.method.compressor},
        {"gamma", theory.gamma},
        {"gamma_source", theory.gamma_source},
        {"beta", plan.method.beta},
        {"beta_tilde", plan.method.beta_tilde},
        {"tau", plan.method.tau}}},
      {"constants", inputs_json(check, theory, constants)},
      {"measurement", constants.estimator.summary},
      {"conditions_admissible", admissible},
      {"conditions", conditions_json(check)},
      {"theory",
       {{"rate", check.shape.kind == theory::RateKind::linear
                     ? core::Json(1 - to_double(check.shape.decrement))
                     : core::Json(nullptr)},
        {"rate_text", check.shape.kind == theory::RateKind::linear ? info.rate : "O(1/T)"},
        {"residual", residual},
        {"bound_T", check.bound_T ? core::Json(to_double(*check.bound_T)) : core::Json(nullptr)},
        {"gamma_max", to_double(check.gamma_max.value)},
        {"gamma_best",
         check.gamma_best ? core::Json(to_double(*check.gamma_best)) : core::Json(nullptr)}}},
      {"reproduce", reproduce_command(s, options.out)},
      {"build", core::build_info()}};
  std::vector<std::string> notes = plan.notes;
  notes.insert(notes.end(), theory.notes.begin(), theory.notes.end());
  for (const auto& note : check.notes)
    if (!note.starts_with("give --")) notes.push_back(note);  // advice for the check CLI

  record["region"] = write_region(options.out / "region.csv", statement, check);

  const auto finish = [&](core::Json& r) {
    r["notes"] = notes;
    r["wall_time_s"] = std::chrono::duration<double>(Clock::now() - start).count();
    core::write_json_file(options.out / "validate.json", r);
    return ValidationResult{r, admissible};
  };
  if (!admissible) {
    record["verdict"] = "inconclusive";
    record["reason"] = fmt::format(
        "the conditions of {} do not hold at γ = {}: the theorem promises nothing there, so "
        "no run is compared (set gamma = \"best\" or \"max\", or --set gamma=best)",
        info.id, theory.gamma);
    record["first_violation"] = nullptr;
    record["tightness_min"] = nullptr;
    record["rate_fit"] = {{"rho", nullptr}, {"residual", nullptr}};
    return finish(record);
  }

  const bool deterministic =
      constants.estimator.deterministic && plan.method.staleness == methods::Staleness::kFixed;
  const int seeds = deterministic ? 1 : std::max(2, s.seeds);
  if (deterministic && s.seeds != 1)
    notes.push_back(
        "deterministic method (every measured draw identical, fixed staleness): one run "
        "compared with a tolerance");
  const bool virtual_sequence = needs_virtual_sequence(info.quantity);
  const Runs runs = run_seeds(*problem, plan.method, s, seeds, virtual_sequence, options);

  QuantityInputs q;
  q.f_star = constants.problem.f_star.value;
  if (virtual_sequence) {
    const double L =
        to_double(theory::convert<theory::Wide>(check.inputs.at(theory::Symbol::L).value));
    const double g = theory.gamma, b = plan.method.beta;
    q.lyapunov_a = 3 * g * g * g * L * L * (1 - b) * (1 - b) / (b * b * b);
  }
  const Curves curves = quantity_curves(info.quantity, runs, q);
  const auto bound = bound_curve(check.shape, s.iterations);
  const auto points = checkpoints(static_cast<int>(s.iterations), s.checkpoints);
  Eigen::MatrixXd values(seeds, static_cast<Eigen::Index>(points.size()));
  Eigen::VectorXd bound_at_points(static_cast<Eigen::Index>(points.size()));
  for (std::size_t c = 0; c < points.size(); ++c) {
    const auto T = static_cast<std::size_t>(points[c]);
    bound_at_points(static_cast<Eigen::Index>(c)) = bound[T];
    for (int r = 0; r < seeds; ++r)
      values(r, static_cast<Eigen::Index>(c)) = curves.per_seed[static_cast<std::size_t>(r)][T];
  }
  CompareOptions compare_options;
  compare_options.deterministic = deterministic;
  compare_options.confidence = s.confidence;
  compare_options.absolute_floor = 1e-12 * std::max(1.0, std::abs(q.f_star));
  const Comparison cmp = compare(values, bound_at_points, compare_options);

  std::optional<RateFit> fit;
  FitWindow window;
  record["rate_fit"] = rate_fit_json(curves, compare_options.absolute_floor, fit, window);
  record["verdict"] = to_string(cmp.outcome);
  if (cmp.first_violation) {
    const auto c = static_cast<std::size_t>(*cmp.first_violation);
    record["first_violation"] = {{"iteration", points[c]},
                                 {"observed_mean", cmp.mean[c]},
                                 {"lower_limit", cmp.lower[c]},
                                 {"bound", bound_at_points(static_cast<Eigen::Index>(c))}};
  } else {
    record["first_violation"] = nullptr;
  }
  const auto tight = std::min_element(cmp.tightness.begin(), cmp.tightness.end());
  record["tightness_min"] = tight != cmp.tightness.end() && std::isfinite(*tight)
                                ? core::Json(*tight)
                                : core::Json(nullptr);
  record["statistics"] = {
      {"mode", deterministic ? "deterministic" : "stochastic"},
      {"seeds", seeds},
      {"confidence", s.confidence},
      {"checkpoints", points},
      {"per_checkpoint_level", cmp.level},
      {"t_quantile", cmp.t_quantile},
      {"seeds_needed", cmp.seeds_needed ? core::Json(*cmp.seeds_needed) : core::Json(nullptr)},
      {"relative_tolerance", deterministic ? core::Json(cmp.relative_tolerance) : nullptr},
      {"absolute_floor", cmp.absolute_floor},
      {"minima",
       "minima over iterates are taken per seed: E min ≤ min E, so a violation is "
       "conclusive"}};
  record["runs"] = {
      {"computed", runs.computed}, {"reused", runs.reused}, {"constants_reused", constants.reused}};
  record["files"] = {{"trace", "trace.csv"},
                     {"bound", "bound.csv"},
                     {"region", "region.csv"},
                     {"seeds", "seeds/"},
                     {"measure", "measure/measure.json"},
                     {"constants", "constants.json"}};
  write_trace(options.out / "trace.csv", runs, curves, virtual_sequence);
  write_bound(options.out / "bound.csv", bound, residual, curves, cmp, points, fit, window);
  return finish(record);
}

}  // namespace biasbound::validators
