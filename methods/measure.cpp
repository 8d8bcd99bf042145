#include "methods/measure.hpp"

#include <fmt/format.h>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <chrono>
#include <cmath>
#include <optional>

#include "core/csv_writer.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/schema.hpp"
#include "estimators/frontier.hpp"
#include "estimators/point_sampler.hpp"
#include "methods/callbacks/function_callbacks.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/run_loop.hpp"
#include "methods/server_momentum.hpp"
#include "problems/factory.hpp"

namespace biasbound::methods {
namespace {

using Clock = std::chrono::steady_clock;
using problems::Vector;

struct ProbePoint {
  Probe probe;
  long long iteration;
  Vector x;
};

const char* const kRegionNote =
    "Measured constants are the tightest constants consistent with the probed points: they "
    "estimate the worst case over the probed region, not over all of R^d.";

// The probing runs diverge only at a step size too large for the problem.
void throw_if_diverged(const SeedTrace& trace, double gamma) {
  if (trace.divergence)
    throw core::DivergenceError(
        fmt::format("the probing run at step {} {}: set a smaller MeasureConfig.gamma", gamma,
                    *trace.divergence));
}

// How many of `total` points each probe kind gets (as even as possible).
std::vector<int> split(int total, std::size_t kinds) {
  const int n = static_cast<int>(kinds);
  std::vector<int> counts;
  for (int i = 0; i < n; ++i) counts.push_back(total / n + (i < total % n ? 1 : 0));
  return counts;
}

// `count` iterations spread evenly over [0, last].
std::vector<long long> spread(int count, long long last) {
  std::vector<long long> its;
  for (int j = 0; j < count; ++j)
    its.push_back(count == 1 ? last : std::llround(double(j) * last / (count - 1)));
  return its;
}

struct Setup {
  const problems::Problem* problem;
  estimators::Pipeline pipeline;
  double gamma;
  core::ThreadPool pool;
  std::string x_star_source = "not used";  // how the probes' x* was obtained, if they used one
};

class ProbeMaker {
 public:
  ProbeMaker(const MeasureConfig& c, Setup& s) : config_(c), setup_(s) {}

  std::vector<ProbePoint> make() {
    std::vector<ProbePoint> all;
    const auto counts = split(config_.points, config_.probes.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
      auto some = make(config_.probes[i], counts[i]);
      all.insert(all.end(), some.begin(), some.end());
    }
    return all;
  }

 private:
  std::vector<ProbePoint> make(Probe probe, int count) {
    if (count == 0) return {};
    switch (probe) {
      case Probe::kTrajectory:
        return trajectory(count);
      case Probe::kBall:
        return ball(setup_.problem->initial_point(), radius(), count, probe, 1);
      case Probe::kNearOpt:
        return ball(optimum(), 1e-3 * std::max(1.0, optimum().norm()), count, probe, 2);
    }
    return {};
  }

  // Iterates of the method itself (the region a theorem is applied to).
  std::vector<ProbePoint> trajectory(int count) {
    const auto its = spread(count, config_.probe_iters);
    std::vector<ProbePoint> points;
    run(setup_.pipeline, config_.beta, config_.probe_iters, [&](long long k, const Vector& x) {
      for (long long it : its)
        if (it == k) points.push_back({Probe::kTrajectory, k, x});
    });
    return points;
  }

  // Uniform points in the ball of `r` around `center`; the first point of near-opt is x* itself.
  std::vector<ProbePoint> ball(const Vector& center, double r, int count, Probe probe,
                               std::uint64_t key) {
    auto rng = core::make_stream(config_.seed, core::StreamPurpose::kMeasure, ~0ULL, key);
    boost::random::normal_distribution<double> normal;
    boost::random::uniform_01<double> uniform;
    std::vector<ProbePoint> points;
    const int d = setup_.problem->dim();
    for (int j = 0; j < count; ++j) {
      Vector u(d);
      for (auto& e : u) e = normal(rng);
      const double scale = (probe == Probe::kNearOpt && j == 0)
                               ? 0.0
                               : r * std::pow(uniform(rng), 1.0 / d) / u.norm();
      points.push_back({probe, j, center + scale * u});
    }
    return points;
  }

  double radius() {
    if (config_.radius > 0) return config_.radius;
    const double travelled = (optimum() - setup_.problem->initial_point()).norm();
    return travelled > 0 ? travelled : 1.0;
  }

  // The given x*, else the problem's closed form, else the end of a long exact GD run.
  const Vector& optimum() {
    if (optimum_) return *optimum_;
    if (config_.x_star) {
      optimum_ = *config_.x_star;
      setup_.x_star_source = "given (MeasureConfig.x_star)";
    } else if (auto x_star = setup_.problem->constants().x_star) {
      optimum_ = *x_star;
      setup_.x_star_source = "analytic";
    } else if (setup_.problem->constants().nonconvex) {
      throw core::field_error(
          "MeasureConfig.probes", "near-opt or ball without a radius",
          fmt::format("need x*, and problem '{}' is nonconvex: gradient descent would end at a "
                      "local minimiser. Probe the trajectory, or a ball of a given radius",
                      setup_.problem->name()));
    } else {
      const auto exact = estimators::Pipeline::parse("exact", *setup_.problem);
      const long long iters = 5 * config_.probe_iters;
      run(exact, 1.0, iters, [&](long long k, const Vector& x) {
        if (k == iters) optimum_ = x;
      });
      setup_.x_star_source =
          fmt::format("end of {} exact gradient steps from x0 at step {}", iters, setup_.gamma);
    }
    return *optimum_;
  }

  // Visits x_k, k = 0..iters, of a server-momentum run from x₀.
  template <typename Visit>
  void run(const estimators::Pipeline& pipeline, double beta, long long iters, Visit&& visit) {
    InProcessCommunicator communicator(setup_.problem->workers(), setup_.problem->dim(),
                                       setup_.pool);
    ServerMomentum method(*setup_.problem, pipeline, {setup_.gamma, beta, MomentumInit::kZero},
                          communicator);
    const auto trace =
        run_seed(method, config_.seed, iters,
                 callbacks::AtIterate([&](LoopState& s) { visit(s.k, s.method.x()); }));
    throw_if_diverged(trace, setup_.gamma);
  }

  const MeasureConfig& config_;
  Setup& setup_;
  std::optional<Vector> optimum_;
};

// Stateful estimators (THEORY.md §3): along one run of the method, at P evenly spaced steps k,
// fork every worker's estimator state and draw what step k sends S times from the fork. The
// pairs (‖∇f(x_k)‖², ‖E[g_k | state_k] − ∇f(x_k)‖²) are the conditional bias the theorems
// bound; averaging g_k − ∇f(x_k) over seeds instead would mix bias vectors of different x_k.
std::vector<MeasuredPoint> measure_along_runs(const MeasureConfig& c, Setup& s,
                                              core::Progress& progress) {
  const auto its = spread(c.points, c.probe_iters);
  estimators::PointSampler sampler(
      *s.problem, s.pipeline,
      {c.samples, estimators::frontier_levels(c.confidence, static_cast<int>(its.size())), c.seed},
      s.pool);
  InProcessCommunicator communicator(s.problem->workers(), s.problem->dim(), s.pool);
  ServerMomentum method(*s.problem, s.pipeline, {s.gamma, c.beta, MomentumInit::kZero},
                        communicator);
  std::vector<MeasuredPoint> points;
  const auto trace = run_seed(
      method, c.seed, its.back(), callbacks::AtIterate([&](LoopState& st) {
        while (points.size() < its.size() && its[points.size()] == st.k) {
          const auto j = points.size();
          points.push_back({Probe::kTrajectory, st.k,
                            sampler.measure(method.x(), j, method.estimators()), method.x()});
          progress.update(static_cast<long long>(j + 1), fmt::format("step {}", st.k));
        }
      }));
  throw_if_diverged(trace, s.gamma);
  return points;
}

std::vector<MeasuredPoint> measure_at_probes(const MeasureConfig& c, Setup& s,
                                             core::Progress& progress) {
  const auto probes = ProbeMaker(c, s).make();
  const auto levels = estimators::frontier_levels(c.confidence, static_cast<int>(probes.size()));
  estimators::PointSampler sampler(*s.problem, s.pipeline, {c.samples, levels, c.seed}, s.pool);
  std::vector<MeasuredPoint> points;
  for (std::size_t j = 0; j < probes.size(); ++j) {
    points.push_back(
        {probes[j].probe, probes[j].iteration, sampler.measure(probes[j].x, j), probes[j].x});
    progress.update(static_cast<long long>(j + 1),
                    fmt::format("{} point {}", to_string(probes[j].probe), probes[j].iteration));
  }
  return points;
}

void write_pairs(const std::filesystem::path& path, const std::vector<MeasuredPoint>& points) {
  core::CsvWriter csv(path, {"probe", "iteration", "a", "b", "b_lower", "b_upper", "c", "c_lower",
                             "c_upper", "v", "v_lower", "v_upper", "hetero", "samples"});
  for (const auto& p : points) {
    const auto& s = p.measurement.stats;
    csv.cell(to_string(p.probe)).cell(p.iteration).cell(s.a);
    for (const auto* i : {&s.b, &s.c, &s.v}) csv.cell(i->value).cell(i->lower).cell(i->upper);
    csv.cell(p.measurement.hetero).cell(s.samples).end_row();
  }
}

// What the limits of measure.json are, for every reader to print beside them.
std::string coverage(double confidence, std::size_t points) {
  return fmt::format("one-sided, {:g}% simultaneous over {} points (Bonferroni)", 100 * confidence,
                     points);
}

}  // namespace

std::vector<Probe> parse_probes(std::string_view list) {
  std::vector<Probe> probes;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto end = std::min(list.find(',', start), list.size());
    const auto name = list.substr(start, end - start);
    if (name == "trajectory")
      probes.push_back(Probe::kTrajectory);
    else if (name == "ball")
      probes.push_back(Probe::kBall);
    else if (name == "near-opt")
      probes.push_back(Probe::kNearOpt);
    else
      throw core::input_error("unknown probe '{}' (accepted: trajectory, ball, near-opt)", name);
    start = end + 1;
  }
  return probes;
}

std::string_view to_string(Probe probe) {
  switch (probe) {
    case Probe::kTrajectory:
      return "trajectory";
    case Probe::kBall:
      return "ball";
    case Probe::kNearOpt:
      return "near-opt";
  }
  return "?";
}

void MeasureConfig::check() const {
  using core::field_error;
  if (workers < 1) throw field_error("MeasureConfig.workers", workers, "must be at least 1");
  if (points < 1) throw field_error("MeasureConfig.points", points, "must be at least 1");
  if (samples < 4) throw field_error("MeasureConfig.samples", samples, "must be at least 4");
  if (!(confidence > 0 && confidence < 1))
    throw field_error("MeasureConfig.confidence", confidence, "must be in (0, 1)");
  if (probes.empty())
    throw field_error("MeasureConfig.probes", "{}", "must name at least one probe");
  if (gamma < 0 || !std::isfinite(gamma))
    throw field_error("MeasureConfig.gamma", gamma, "must be a finite number >= 0 (0: 1/L)");
  if (!(beta > 0 && beta <= 1)) throw field_error("MeasureConfig.beta", beta, "must be in (0, 1]");
  if (probe_iters < 1)
    throw field_error("MeasureConfig.probe_iters", probe_iters, "must be at least 1");
  if (radius < 0) throw field_error("MeasureConfig.radius", radius, "must be >= 0");
  if (threads < 0) throw field_error("MeasureConfig.threads", threads, "must be >= 0");
  if (x_star && !x_star->allFinite())
    throw field_error("MeasureConfig.x_star", "a vector with a non-finite entry", "must be finite");
}

estimators::MeasureSummary summary_of(const std::vector<MeasuredPoint>& points) {
  std::vector<estimators::PointMeasurement> measurements;
  for (const auto& p : points) measurements.push_back(p.measurement);
  return estimators::summarize(measurements);
}

core::Json summarize(const std::vector<MeasuredPoint>& points) {
  return summary_of(points).to_json();
}

namespace {

// Every setting that determines the results, resolved, and the threads used.
core::Json config_json(const MeasureConfig& c, double gamma, int threads) {
  std::string probes;
  for (const auto probe : c.probes) {
    if (!probes.empty()) probes += ',';
    probes += to_string(probe);
  }
  return {{"problem", c.problem},
          {"estimator", c.estimator},
          {"workers", c.workers},
          {"points", c.points},
          {"samples", c.samples},
          {"confidence", c.confidence},
          {"probes", probes},
          {"seed", c.seed},
          {"gamma", gamma},
          {"beta", c.beta},
          {"probe_iters", c.probe_iters},
          {"radius", c.radius},
          {"threads", threads}};
}

}  // namespace

MeasureOutcome measure(const MeasureConfig& c) {
  c.check();
  const auto problem = problems::make_problem(c.problem, c.workers);
  return measure(*problem, estimators::Pipeline::parse(c.estimator, *problem), c);
}

MeasureOutcome measure(const problems::Problem& problem, const estimators::Pipeline& estimator,
                       const MeasureConfig& given) {
  auto c = given;
  c.workers = problem.workers();
  if (c.problem.empty()) c.problem = problem.name();
  c.estimator = estimator.text();
  c.check();
  if (c.x_star && c.x_star->size() != problem.dim())
    throw core::field_error("MeasureConfig.x_star",
                            fmt::format("a vector of size {}", c.x_star->size()),
                            fmt::format("must have the problem's dimension {}", problem.dim()));
  if (!estimator.has_source())
    throw core::input_error("estimator '{}' has no source stage to measure", estimator.text());
  const auto start = Clock::now();
  const auto L = problem.constants().L;
  if (c.gamma == 0 && !L)
    throw core::field_error(
        "MeasureConfig.gamma", c.gamma,
        fmt::format("problem '{}' has no analytic L for the default step 1/L: give the probing "
                    "run a step > 0",
                    c.problem));
  const double gamma = c.gamma > 0 ? c.gamma : 1.0 / *L;
  const int threads = c.threads > 0 ? c.threads : std::min(core::default_thread_count(), c.workers);
  Setup setup{&problem, estimator, gamma, core::ThreadPool(threads)};
  const core::Json config = config_json(c, gamma, threads);
  if (c.before_measuring) c.before_measuring(config);
  if (!c.out.empty()) {
    std::error_code error;
    std::filesystem::create_directories(c.out, error);
    if (error)
      throw core::field_error("MeasureConfig.out", fmt::format("'{}'", c.out.string()),
                              error.message());
  }

  const bool along_runs = setup.pipeline.stateful();
  core::Progress progress("measure", c.points, c.progress);
  auto points =
      along_runs ? measure_along_runs(c, setup, progress) : measure_at_probes(c, setup, progress);
  progress.finish();

  core::Json probes = core::Json::object();
  for (const auto& p : points)
    probes[std::string(to_string(p.probe))] = probes.value(std::string(to_string(p.probe)), 0) + 1;
  const bool deterministic = setup.pipeline.deterministic();
  const long long draws = estimators::draws_per_point(setup.pipeline, c.samples);
  auto summary = summary_of(points);
  summary.samples = static_cast<int>(draws);
  summary.confidence = c.confidence;
  summary.along_runs = along_runs;
  auto record = summary.to_json();
  core::stamp(record, core::Artifact::kMeasure);
  record["analytic"] = {{"stages", setup.pipeline.describe()},
                        {"problem",
                         {{"L", core::optional_json(setup.problem->constants().L)},
                          {"mu", core::optional_json(setup.problem->constants().mu)}}}};
  const auto levels = estimators::frontier_levels(c.confidence, static_cast<int>(points.size()));
  record["points"] = points.size();
  record["samples"] = draws;
  record["deterministic"] = deterministic;
  record["confidence"] = c.confidence;
  record["coverage"] = coverage(c.confidence, points.size());
  record["per_point_level"] = {{"b", levels.b}, {"c", levels.c}, {"v", levels.v}};
  record["mode"] = along_runs ? "along-runs" : "probe-points";
  record["conditional_on_state"] = along_runs;  // check --constants refuses marginal ones
  record["probes"] = probes;
  record["method"] = fmt::format(
      "{}; {}per point: debiased squared bias b, squared mean norm c and variance v with "
      "one-sided limits from the delete-one-batch jackknife ({} batches, Student t). The bias "
      "frontier uses the upper limits of b, one-sided at {:.6g}% per point; the variance "
      "frontier the lower limits of c and the upper limits of v, each one-sided at {:.6g}% per "
      "point; so each frontier holds simultaneously over the {} points at {:g}% (Bonferroni)",
      along_runs ? "stateful estimator: along one run of the method, at each measured step k "
                   "every worker's estimator state is forked and the message of step k drawn "
                   "`samples` times from it (the bias and variance conditional on the state)"
                 : "stateless estimator: `samples` draws at each probe point",
      deterministic
          ? fmt::format("every stage is deterministic, so 2 draws instead of {} (the second, from "
                        "another stream, equals the first bit for bit: no variance, and the "
                        "limits are the exact values); ",
                        c.samples)
          : std::string(),
      deterministic ? 2 : std::clamp(c.samples / 10, 2, 20), 100 * levels.b, 100 * levels.c,
      points.size(), 100 * c.confidence);
  record["note"] = kRegionNote;
  record["config"] = config;
  record["problem"] = setup.problem->describe();
  record["x_star"] = setup.x_star_source;
  record["wall_time_s"] = std::chrono::duration<double>(Clock::now() - start).count();
  if (!c.out.empty()) {
    write_pairs(c.out / "pairs.csv", points);
    core::write_json_file(c.out / "measure.json", record);
  }
  return {std::move(record), std::move(points), summary};
}

}  // namespace biasbound::methods
