#include "validators/estimator_constants.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "estimators/pipeline.hpp"
#include "methods/measure.hpp"
#include "problems/block_partition.hpp"
#include "problems/block_view.hpp"

namespace biasbound::validators {
namespace {

methods::MeasureOutcome run_measure(const problems::Problem& problem, const MeasureSettings& s,
                                    const std::string& estimator,
                                    const std::filesystem::path& out) {
  methods::MeasureConfig c;
  c.problem = s.problem;
  c.estimator = estimator;
  c.workers = s.workers;
  c.points = s.points;
  c.samples = s.samples;
  c.confidence = s.confidence;
  c.probes = methods::parse_probes(s.probes);
  c.seed = s.seed;
  c.probe_iters = s.probe_iters;
  c.threads = s.threads;
  c.out = out;
  c.progress = s.progress;
  c.x_star = s.x_star;
  c.gamma = s.gamma;
  return methods::measure(problem, estimators::Pipeline::parse(estimator, problem), c);
}

std::string how_measured(const methods::MeasureOutcome& o, const std::string& estimator) {
  const auto& r = o.record;
  return fmt::format("measured on {}: {} points × {} samples, upper limits {}", estimator,
                     r.at("points").dump(), r.at("samples").dump(),
                     r.at("coverage").get<std::string>());
}

bool all_draws_identical(const methods::MeasureOutcome& o) {
  return std::all_of(o.points.begin(), o.points.end(), [](const methods::MeasuredPoint& p) {
    return p.measurement.stats.v.upper == 0;
  });
}

// The workers' average second moment (1/n) Σᵢ E‖gᵢ‖² = ‖E g‖² + ϑ² + n·Var(g) for independent
// workers, at its largest over the probe points (upper limits).
Sourced second_moment(const methods::MeasureOutcome& o, int workers, const std::string& how) {
  double G2 = 0;
  for (const auto& p : o.points) {
    const auto& st = p.measurement.stats;
    G2 = std::max(G2, st.c.upper + p.measurement.hetero + workers * st.v.upper);
  }
  return {G2, fmt::format("max over points of ‖E g‖² + ϑ² + n·Var g (the workers' average "
                          "E‖gᵢ‖²); {}",
                          how)};
}

Sourced worker_noise(const methods::MeasureOutcome& o, int workers, const std::string& how) {
  double v = 0;
  for (const auto& p : o.points) v = std::max(v, p.measurement.stats.v.upper);
  return {workers * v,
          fmt::format("n × the aggregated variance at M = 0 (per-worker noise); {}", how)};
}

// δ and α in closed form when C is one stage that states them.
struct Analytic {
  std::optional<double> delta, alpha;
  std::string note;
};

Analytic analytic_compressor(const std::string& spec, const problems::Problem& problem) {
  if (spec == "identity" || spec == "exact") return {1.0, 1.0, "identity: C(v) = v"};
  const auto pipeline = estimators::Pipeline::parse(spec, problem);
  std::vector<const estimators::Stage*> transforms;
  for (const auto& stage : pipeline.stages())
    if (!stage->is_source()) transforms.push_back(stage.get());
  if (transforms.size() != 1) return {};
  const auto c = transforms.front()->constants();
  return {c.delta, c.alpha, c.note};
}

// Q applied block by block: each block resolves the spec against its own dimension, so α is
// the largest of the blocks' and δ the smallest.
Analytic analytic_on_blocks(const std::string& spec, const problems::Problem& problem, int blocks) {
  if (blocks == 1) return analytic_compressor(spec, problem);
  const problems::BlockPartition partition(problem.dim(), blocks);
  Analytic out{1.0, 1.0, ""};
  for (int b = 0; b < blocks; ++b) {
    const problems::BlockView view(problem, partition, b, problem.initial_point());
    const auto a = analytic_compressor(spec, view);
    if (out.alpha && a.alpha && *a.alpha > *out.alpha) out.note = a.note;
    out.alpha = out.alpha && a.alpha ? std::optional(std::max(*out.alpha, *a.alpha)) : std::nullopt;
    out.delta = out.delta && a.delta ? std::optional(std::min(*out.delta, *a.delta)) : std::nullopt;
    if (out.note.empty()) out.note = a.note;
  }
  out.note = fmt::format("Q on each of {} blocks, the largest α: {}", blocks, out.note);
  return out;
}

core::Json optional_json(const std::optional<Sourced>& s) {
  return s ? to_json(*s) : core::Json(nullptr);
}

std::optional<Sourced> optional_from(const core::Json& j) {
  if (j.is_null()) return std::nullopt;
  return sourced_from_json(j);
}

}  // namespace

core::Json to_json(const EstimatorConstants& c) {
  return {{"measure_json", c.measure_json.string()},
          {"G2", optional_json(c.G2)},
          {"sigma2_worker", optional_json(c.sigma2)},
          {"delta", optional_json(c.delta)},
          {"alpha", optional_json(c.alpha)},
          {"deterministic", c.deterministic},
          {"summary", c.summary}};
}

EstimatorConstants estimator_constants_from_json(const core::Json& j) {
  EstimatorConstants c;
  c.measure_json = j.at("measure_json").get<std::string>();
  c.G2 = optional_from(j.at("G2"));
  c.sigma2 = optional_from(j.at("sigma2_worker"));
  c.delta = optional_from(j.at("delta"));
  c.alpha = optional_from(j.at("alpha"));
  c.deterministic = j.at("deterministic").get<bool>();
  c.summary = j.at("summary");
  return c;
}

EstimatorConstants measure_constants(const problems::Problem& problem,
                                     const MeasureSettings& settings, const MeasurePlan& plan,
                                     const std::filesystem::path& dir) {
  EstimatorConstants c;
  // A sub-folder of `dir`, or nothing when there is no folder (in memory).
  const auto in_dir = [&](const char* name) { return dir.empty() ? dir : dir / name; };
  const auto main_dir = in_dir("measure");
  const auto main = run_measure(problem, settings, plan.estimator, main_dir);
  c.measure_json = dir.empty() ? dir : main_dir / "measure.json";
  c.measure_record = main.record;
  const auto how = how_measured(main, plan.estimator);
  c.deterministic = all_draws_identical(main);
  for (const auto& point : main.points) c.probe_points.push_back(point.x);
  c.summary = {{"estimator", plan.estimator},
               {"bias", main.record.at("bias")},
               {"variance", main.record.at("variance")},
               {"how", how}};
  if (plan.need_G2) c.G2 = second_moment(main, settings.workers, how);
  if (plan.need_worker_sigma2) c.sigma2 = worker_noise(main, settings.workers, how);
  if (!plan.compressor) return c;

  // The compressor's own measurement: exact + C (the main one when it already is that).
  const bool separate = plan.estimator != *plan.compressor;
  const auto compressor_dir = in_dir("measure-compressor");
  const auto measured =
      separate ? run_measure(problem, settings, *plan.compressor, compressor_dir) : main;
  const auto compressor_how = how_measured(measured, *plan.compressor);
  if (separate) {
    c.deterministic = c.deterministic && all_draws_identical(measured);
    c.summary["compressor"] = {{"estimator", *plan.compressor},
                               {"bias", measured.record.at("bias")},
                               {"variance", measured.record.at("variance")},
                               {"how", compressor_how}};
  }
  const auto analytic = analytic_on_blocks(*plan.compressor, problem, plan.blocks);
  // δ and α in closed form only: they must hold for every vector, not just the probed
  // gradients, and validators/assumption_fit refuses compressors that do not state them.
  if (plan.need_delta && analytic.delta)
    c.delta = {*analytic.delta, fmt::format("analytic ({})", analytic.note)};
  if (plan.need_alpha && analytic.alpha)
    c.alpha = {*analytic.alpha, fmt::format("analytic ({})", analytic.note)};
  return c;
}

}  // namespace biasbound::validators
