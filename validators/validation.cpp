#include "validators/validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/output_folder.hpp"
#include "core/schema.hpp"
#include "core/thread_pool.hpp"
#include "methods/measure.hpp"
#include "problems/factory.hpp"
#include "theory/catalog.hpp"
#include "theory/certify.hpp"
#include "theory/check_report.hpp"
#include "theory/quantity.hpp"
#include "validators/assumption_fit.hpp"
#include "validators/block_smoothness.hpp"
#include "validators/compare.hpp"
#include "validators/constant_domains.hpp"
#include "validators/curves.hpp"
#include "validators/estimator_constants.hpp"
#include "validators/iag_requirements.hpp"
#include "validators/local_smoothness.hpp"
#include "validators/method_plan.hpp"
#include "validators/not_admissible.hpp"
#include "validators/optimum.hpp"
#include "validators/problem_constants.hpp"
#include "validators/quantity_curve.hpp"
#include "validators/rate_fit.hpp"
#include "validators/resource_limits.hpp"
#include "validators/scenario_step.hpp"
#include "validators/seed_runs.hpp"
#include "validators/step_checks.hpp"
#include "validators/theory_setup.hpp"
#include "validators/validation_files.hpp"
#include "validators/validation_summary.hpp"
#include "validators/worker_smoothness.hpp"

namespace biasbound::validators {
namespace {

using Clock = std::chrono::steady_clock;

// DIR/scenario.json records what DIR's results belong to; a different scenario, another
// command's results, or files of unknown origin are refused (or replaced with --force) so that
// nothing in DIR is overwritten or silently mixed. The same scenario resumes.
void claim_directory(const Scenario& s, const ValidateOptions& options) {
  const auto& out = options.out;
  if (out.empty()) return;  // in memory
  const auto mine = fingerprint(s);
  core::claim_output_folder(out, {core::ResultKind::kValidate, mine, {}, options.force});
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) throw core::input_error("--out '{}': {}", out.string(), error.message());
  core::write_json_file(out / "scenario.json", {{"fingerprint", mine}, {"scenario", to_json(s)}});
}

struct Constants {
  ProblemConstants problem;
  EstimatorConstants estimator;
  bool reused = false;
};

MeasureSettings measure_settings(const Scenario& s, const ValidateOptions& options) {
  MeasureSettings m;
  m.problem = s.problem;
  m.workers = s.workers;
  m.points = s.points;
  m.samples = s.samples;
  m.probes = s.probes;
  m.probe_iters = s.probe_iters;
  m.seed = s.measure_seed;
  m.confidence = s.confidence;
  m.threads = s.threads > 0 ? core::pool_size(s.threads, s.workers) : 0;
  m.progress = options.progress;
  return m;
}

// A problem with f*: one x* for the whole validation — f*, L at x*, and the measurement's
// probes around it.
void constants_at_optimum(const Scenario& s, const problems::Problem& problem,
                          const theory::TheoremInfo& info, const MethodPlan& plan,
                          const ValidateOptions& options, Constants& c) {
  const Optimum optimum = find_optimum(problem);
  c.problem = problem_constants(problem, optimum, info.needs(theory::Symbol::mu), s.probe_iters,
                                {s.first_seed, s.seeds});
  if (info.needs(theory::Symbol::L_blk))
    c.problem.L_blk = block_smoothness(problem, problems::BlockPartition(problem.dim(), s.blocks),
                                       {problem.initial_point(), optimum.x_star})
                          .L_blk;
  if (info.needs(theory::Symbol::L_max))
    c.problem.L_max = worker_smoothness(problem, {problem.initial_point(), optimum.x_star}).L_max;
  MeasureSettings m = measure_settings(s, options);
  m.x_star = optimum.x_star;
  c.estimator = measure_constants(problem, m, plan.measure, options.out);
}

// A problem without f* (a network): only statements that need neither f* nor μ apply. F₀ comes
// from the problem's lower bound on f; L is local — measured at x₀ for the probing run's step
// 1/L₀, then at the measurement's probe points.
void constants_without_optimum(const Scenario& s, const problems::Problem& problem,
                               const theory::TheoremInfo& info, const MethodPlan& plan,
                               const ValidateOptions& options, const std::string& why,
                               Constants& c) {
  if (info.regime == theory::Regime::pl)
    throw core::input_error(
        "theorem {} is a PL statement: it needs f* and μ, but problem '{}' {}; validate it with "
        "a nonconvex statement (regime = \"nonconvex\")",
        info.id, problem.name(), why);
  for (const auto probe : methods::parse_probes(s.probes))
    if (probe != methods::Probe::kTrajectory)
      throw core::input_error(
          "[measure] probes = \"{}\": {} probes need x* (near-opt around it, ball out to it), but "
          "problem '{}' {}; probe the trajectory only",
          s.probes, methods::to_string(probe), problem.name(), why);
  LocalSmoothnessOptions local;
  local.points = s.curvature_points;
  local.power.threads = s.threads > 0 ? core::pool_size(s.threads, s.workers)
                                      : std::min(core::default_thread_count(), s.workers);
  local.progress = options.progress;
  if (options.progress) fmt::print(stderr, "validate: local L at x0, for the probing step 1/L\n");
  const auto at_start = hessian_norm(problem, problem.initial_point(), local.power);
  MeasureSettings m = measure_settings(s, options);
  m.gamma = 1 / at_start.lambda_max;
  c.estimator = measure_constants(problem, m, plan.measure, options.out);
  if (options.progress) fmt::print(stderr, "validate: local L on the probed points\n");
  local.power.start = at_start.direction;
  // The trajectory starts at x₀, which is measured already.
  auto& points = c.estimator.probe_points;
  points.insert(points.begin(), problem.initial_point());
  if (points.size() > 1 && points[1] == points[0]) points.erase(points.begin() + 1);
  const auto L = local_smoothness(problem, points, local, &at_start);
  c.problem = lower_bounded_constants(problem, L, {s.first_seed, s.seeds});
  if (info.needs(theory::Symbol::L_blk))
    c.problem.L_blk =
        block_smoothness(problem, problems::BlockPartition(problem.dim(), s.blocks), points).L_blk;
  if (info.needs(theory::Symbol::L_max)) c.problem.L_max = worker_smoothness(problem, points).L_max;
}

Constants constants_for(const Scenario& s, const problems::Problem& problem,
                        const theory::TheoremInfo& info, const MethodPlan& plan,
                        const ValidateOptions& options) {
  const auto path = options.out.empty() ? options.out : options.out / "constants.json";
  Constants c;
  if (!path.empty() && std::filesystem::exists(path)) {
    const auto j = core::read_json_file(path);
    c.problem = problem_constants_from_json(j.at("problem"));
    c.estimator = estimator_constants_from_json(j.at("estimator"));
    c.reused = true;
    return c;
  }
  if (options.progress) fmt::print(stderr, "validate: problem constants (L, μ, f*, F0)\n");
  if (const auto why = optimum_unavailable(problem))
    constants_without_optimum(s, problem, info, plan, options, *why, c);
  else
    constants_at_optimum(s, problem, info, plan, options, c);
  if (!path.empty())
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

core::Json conditions_json(const theory::CheckResult& r) {
  core::Json list = core::Json::array();
  for (const auto& c : r.conditions)
    list.push_back({{"name", c.name},
                    {"formula", c.formula},
                    {"lhs", theory::convert<double>(c.lhs)},
                    {"rhs", theory::convert<double>(c.rhs)},
                    {"slack", theory::convert<double>(c.slack)},
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
  explain("L_blk", k.problem.L_blk);
  explain("L_max", k.problem.L_max);
  explain("mu", k.problem.mu);
  explain("F0", k.problem.F0);
  explain("G2", k.estimator.G2);
  explain("delta", k.estimator.delta);
  explain("alpha", k.estimator.alpha);
  explain("sigma2", k.estimator.sigma2);  // M-DSGD's per-worker noise only
  j["f_star"] = to_json(k.problem.f_star);
  return j;
}

// The command that reproduces this validation (and its report).
std::string reproduce_command(const Scenario& s, const std::filesystem::path& out) {
  std::string command = fmt::format("biasbound validate {} --out {}", s.origin, out.string());
  for (const auto& o : s.overrides) command += fmt::format(" --set {}", o);
  return command;
}

core::Json statement_json(const theory::TheoremInfo& info) {
  return {{"id", info.id},
          {"regime", theory::regime_name(info.regime)},
          {"title", info.title},
          {"provenance", info.provenance},
          {"method", info.method},
          {"quantity", info.quantity},
          {"quantity_label", theory::quantity_info(info.quantity).plot_label},
          {"statement", info.statement},
          {"rate", info.rate},
          {"residual", info.residual}};
}

// validate.json's "theory": rate, residual and bound at T at the step, or composed stage by
// stage for a schedule (then the last stage's residual, and no single rate).
core::Json theory_json(const theory::CheckResult& check, const theory::TheoremInfo& info) {
  const bool linear = check.shape && check.shape->kind == theory::RateKind::linear;
  const auto number = [](const std::optional<theory::Wide>& x) {
    return x ? core::Json(theory::convert<double>(*x)) : core::Json(nullptr);
  };
  core::Json j = {
      {"rate", linear ? core::Json(1 - theory::convert<double>(check.shape->decrement))
                      : core::Json(nullptr)},
      {"rate_text", linear ? info.rate : "O(1/T)"},
      {"residual", number(check.shape ? std::optional(check.shape->residual) : std::nullopt)},
      {"bound_T", number(check.bound_T)},
      {"gamma_max",
       check.gamma_max.suggested ? core::Json(*check.gamma_max.suggested) : core::Json(nullptr)},
      {"gamma_best", check.gamma_best ? core::Json(*check.gamma_best) : core::Json(nullptr)},
      {"vacuous", check.vacuous ? core::Json(check.vacuous->message) : core::Json(false)}};
  j["schedule"] = nullptr;
  if (!check.stagewise) return j;
  const auto& b = *check.stagewise;
  j["schedule"] = theory::to_json(b);
  j["rate"] = nullptr;
  j["rate_text"] = "stage by stage: F_s = ρ_s^{T_s} F_{s−1} + R_s";
  const auto& last = b.stages.back().shape;
  j["residual"] = number(last ? std::optional(last->residual) : std::nullopt);
  j["bound_T"] = number(b.bound);
  // The constant step's vacuity is about stage 1 alone; the schedule's is about its own bound.
  const auto F0 = check.inputs.at(theory::Symbol::F0).value;
  j["vacuous"] =
      b.bound && *b.bound >= theory::convert<theory::Wide>(F0)
          ? core::Json(fmt::format("the composed bound at T, {:.4g}, is not below "
                                   "F₀ = {:.4g}",
                                   theory::convert<double>(*b.bound), theory::convert<double>(F0)))
          : core::Json(false);
  return j;
}

// Everything decided before any run: theorem, method, constants, conditions, bound.
core::Json setup_record(const Scenario& s, const theory::Selection& selection,
                        const MethodPlan& plan, const TheorySetup& theory,
                        const Constants& constants, const std::filesystem::path& out) {
  const auto& info = selection.theorem->info();
  const auto& check = theory.check;
  return {{"command", "validate"},
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
            {"schedule",
             theory.step.constant() ? core::Json(nullptr) : core::Json(stages_json(theory.step))},
            {"beta", plan.method.beta},
            {"beta_tilde", plan.method.beta_tilde},
            {"tau", plan.method.tau},
            {"blocks", plan.method.blocks},
            {"order", methods::to_string(plan.method.order)}}},
          {"constants", inputs_json(check, theory, constants)},
          {"measurement", constants.estimator.summary},
          {"conditions_admissible", conditions_hold(check)},
          {"conditions", conditions_json(check)},
          {"theory", theory_json(check, info)},
          {"reproduce", reproduce_command(s, out)},
          {"build", core::build_info()}};
}

// The conditions that fail at the step, or at the first stage of a schedule that is not admitted
// (named with its stage and step).
std::vector<std::string> failing_conditions(const theory::CheckResult& check) {
  std::vector<std::string> failing;
  if (!check.stagewise) {
    for (const auto& c : check.conditions)
      if (c.verdict != theory::Verdict::holds) failing.push_back(c.name);
    return failing;
  }
  const auto& b = *check.stagewise;
  const auto s = b.first_rejected.value_or(0);
  const auto& stage = b.stages[s];
  for (const auto& c : stage.conditions)
    if (c.verdict != theory::Verdict::holds)
      failing.push_back(fmt::format("{} (stage {}, γ = {:.6g})", c.name, s + 1,
                                    theory::convert<double>(stage.stage.gamma)));
  return failing;
}

void record_not_admissible(core::Json& record, const std::string& id, const Scenario& s,
                           double gamma, const theory::CheckResult& check) {
  record["verdict"] = "inconclusive";
  record["reason"] = not_admissible_reason(id, s.gamma, gamma, failing_conditions(check));
  record["first_violation"] = nullptr;
  record["tightness_min"] = nullptr;
  record["rate_fit"] = {{"rho", nullptr}, {"residual", nullptr}};
}

// Diverged seeds are kept (seeds/seed-S.csv up to the divergence); validate.json names each
// and no comparison is made. Returns the error to raise, naming the first.
std::optional<core::DivergenceError> record_divergence(core::Json& record, const SeedRuns& runs,
                                                       const std::filesystem::path& out) {
  core::Json diverged = core::Json::array();
  std::string first;
  for (const auto& t : runs.traces) {
    if (!t.divergence) continue;
    const auto file = fmt::format("seeds/seed-{}.csv", t.seed);
    diverged.push_back({{"seed", t.seed},
                        {"iteration", t.divergence_iteration()},
                        {"message", *t.divergence},
                        {"file", out.empty() ? core::Json(nullptr) : core::Json(file)}});
    if (first.empty())
      first = out.empty() ? fmt::format("seed {} {}", t.seed, *t.divergence)
                          : fmt::format("seed {} {}; its trace up to there is kept in {}", t.seed,
                                        *t.divergence, (out / file).string());
  }
  if (diverged.empty()) return std::nullopt;
  const auto more = diverged.size() > 1 ? fmt::format(" ({} seeds diverged)", diverged.size()) : "";
  record["verdict"] = "inconclusive";
  record["reason"] = first + more + ": no comparison was made";
  record["divergence"] = diverged;
  record["first_violation"] = nullptr;
  record["tightness_min"] = nullptr;
  record["rate_fit"] = {{"rho", nullptr}, {"residual", nullptr}};
  record["runs"] = {{"computed", runs.computed}, {"reused", runs.reused}};
  return core::DivergenceError(fmt::format(
      "{}{}, the other seeds beside it; validate.json records the divergence", first, more));
}

// The typed fields of a result, read from its record in this one place.
ValidationResult typed_result(const core::Json& record, bool admissible) {
  ValidationResult r;
  r.record = record;
  r.admissible = admissible;
  r.verdict = record.value("verdict", std::string("inconclusive"));
  r.gamma = record.at("method").at("gamma").get<double>();
  if (const auto& first = record.value("first_violation", core::Json()); first.is_object())
    r.first_violation = FirstViolation{
        first.at("iteration").get<long long>(), first.at("observed_mean").get<double>(),
        first.at("lower_limit").get<double>(), first.at("bound").get<double>()};
  if (const auto& t = record.value("tightness_min", core::Json()); t.is_number())
    r.tightness_min = t.get<double>();
  return r;
}

}  // namespace

std::string ValidationResult::brief_report() const {
  const auto theorem = fmt::format("{} ({})", record.at("theorem").get<std::string>(),
                                   record.at("regime").get<std::string>());
  const auto& schedule = record.at("method").value("schedule", core::Json());
  const auto step = schedule.is_array() ? fmt::format("the schedule {}", schedule.dump())
                                        : fmt::format("gamma = {:.6g}", gamma);
  if (!admissible)
    return fmt::format("{}: the conditions fail at {}; nothing was run", theorem, step);
  return fmt::format("{}: {} at {}{}", theorem, verdict, step,
                     verdict_detail(first_violation, tightness_min));
}

std::string ValidationResult::full_report() const {
  return validation_summary(record);
}

ValidationResult validate(const Scenario& scenario, const ValidateOptions& options) {
  const auto problem = problems::make_problem(scenario.problem, scenario.workers);
  auto rebuildable = options;
  rebuildable.problem_spec = scenario.problem;
  return validate(*problem, scenario, rebuildable);
}

ValidationResult validate(const problems::Problem& f, const Scenario& scenario,
                          const ValidateOptions& options) {
  const auto start = Clock::now();
  Scenario s = scenario;
  if (s.problem.empty()) s.problem = f.name();
  if (s.workers != f.workers())
    throw core::input_error("scenario workers = {} but the problem has {} workers", s.workers,
                            f.workers());
  const problems::Problem* problem = &f;
  const auto analytic_mu = problem->constants().mu;
  const auto selection = theory::select_statement(
      s.theorem, s.regime.empty() ? std::nullopt : std::optional(theory::parse_regime(s.regime)),
      analytic_mu && *analytic_mu > 0);
  const auto& statement = *selection.theorem;
  const auto& info = statement.info();
  MethodPlan plan = plan_method(s, info);
  if (is_schedule(s.gamma)) scenario_schedule(s, info);  // refused before anything is measured
  if (info.family == theory::MethodFamily::kIag) require_iag_setup(s, info, *problem);
  require_assumption_fit(info, plan, *problem);
  // Sizes first, so that a scenario that cannot fit writes nothing (the seed count is a lower
  // bound: a deterministic method runs one seed; the exact count is checked before the runs).
  check_measure_memory(s, problem->dim());
  check_trace_memory(s, 1, needs_virtual_sequence(info.quantity));
  claim_directory(s, options);

  Constants constants = constants_for(s, *problem, info, plan, options);
  apply_claimed_optimum(s, constants.problem);
  check_constant_domains(s, info, constants.problem, constants.estimator);
  const TheorySetup theory = setup_theory(s, statement, constants.problem, constants.estimator);
  plan.method.gamma = theory.step;
  const auto& check = theory.check;
  const bool admissible = conditions_hold(check);

  core::Json record = setup_record(s, selection, plan, theory, constants, options.out);
  record["step_checks"] =
      to_json(check_steps(s, statement, constants.problem, constants.estimator));
  core::stamp(record, core::Artifact::kValidate);
  // A path in the folder, or empty (in memory: no file).
  const auto file = [&](const char* name) {
    return options.out.empty() ? options.out : options.out / name;
  };
  record["region"] = write_region(file("region.csv"), statement, check);
  std::vector<std::string> notes = plan.notes;
  notes.insert(notes.end(), theory.notes.begin(), theory.notes.end());
  for (const auto& note : check.notes)
    if (!note.starts_with("give --")) notes.push_back(note);  // advice for the check CLI
  const auto finish = [&] {
    record["notes"] = notes;
    record["wall_time_s"] = std::chrono::duration<double>(Clock::now() - start).count();
    if (!options.out.empty()) core::write_json_file(options.out / "validate.json", record);
    return typed_result(record, admissible);
  };
  if (!admissible) {
    record_not_admissible(record, info.id, s, theory.gamma, check);
    return finish();
  }

  // Runs.
  // A block drawn at random per step makes the run random whatever the compressor; so does a
  // worker drawn at random (IAG's random order, which validation refuses).
  const bool deterministic =
      constants.estimator.deterministic && plan.method.staleness == methods::Staleness::kFixed &&
      plan.method.blocks == 1 && plan.method.order == methods::RefreshOrder::kCyclic;
  if (deterministic && s.seeds != 1)
    notes.push_back(
        "deterministic method (every measured draw identical, fixed staleness): one run "
        "compared with a tolerance");
  SeedRunSettings run;
  run.first_seed = s.first_seed;
  run.seeds = deterministic ? 1 : std::max(2, s.seeds);
  run.iterations = s.iterations;
  run.threads = s.threads;
  run.virtual_sequence = needs_virtual_sequence(info.quantity);
  run.progress = options.progress;
  run.problem_spec = options.problem_spec;
  run.workers = s.workers;
  check_trace_memory(s, run.seeds, run.virtual_sequence);
  const SeedRuns runs = run_seeds(*problem, plan.method, run, file("seeds"));
  if (auto diverged = record_divergence(record, runs, options.out)) {
    record["runs"]["constants_reused"] = constants.reused;
    finish();
    throw *diverged;
  }

  // Statistics.
  RunComparisonOptions compare_options;
  compare_options.f_star = constants.problem.f_star.value;
  compare_options.confidence = s.confidence;
  compare_options.checkpoints = s.checkpoints;
  compare_options.deterministic = deterministic;
  const RunComparison compared = compare(check, runs.traces, s.iterations, compare_options);
  record.update(compared.to_json());
  record["runs"] = {
      {"computed", runs.computed}, {"reused", runs.reused}, {"constants_reused", constants.reused}};
  if (options.out.empty()) {
    record["files"] = nullptr;
    return finish();
  }
  record["files"] = {{"trace", "trace.csv"},
                     {"bound", "bound.csv"},
                     {"region", "region.csv"},
                     {"seeds", "seeds/"},
                     {"measure", "measure/measure.json"},
                     {"constants", "constants.json"}};
  write_trace(file("trace.csv"), runs.traces, compared.curves, run.virtual_sequence);
  write_bound(file("bound.csv"), bound_curve(check, s.iterations),
              residual_curve(check, s.iterations), compared);
  return finish();
}

}  // namespace biasbound::validators
