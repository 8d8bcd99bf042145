#pragma once
// `biasbound measure`: the bias constants (m, ζ²) and affine-variance constants (M, σ²) of an
// estimator on a problem, with confidence (THEORY.md §3). Probe points come from a run of the
// method (trajectory), a ball around x₀ (ball) and a neighbourhood of x* (near-opt). Stateless
// estimators are sampled at each point; stateful ones (ef, delay, reshuffle) are measured
// along a run: at step k every worker's state is forked and what step k sends is drawn from
// the fork, so the bias is conditional on the state (E[g_k | past], what the theorems need).
// Every limit is one-sided, and each frontier holds simultaneously over the P points at
// `confidence` (Bonferroni; per-point levels from estimators::frontier_levels).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "estimators/measure_summary.hpp"
#include "estimators/pipeline.hpp"
#include "estimators/point_sampler.hpp"

namespace biasbound::methods {

enum class Probe { kTrajectory, kBall, kNearOpt };

std::vector<Probe> parse_probes(std::string_view list);
std::string_view to_string(Probe probe);

struct MeasureConfig {
  std::string problem{};
  std::string estimator{};
  int workers = 1;
  int points = 24;
  int samples = 200;
  double confidence = 0.99;  // simultaneous over the points, for each frontier
  std::vector<Probe> probes = {Probe::kTrajectory, Probe::kBall, Probe::kNearOpt};
  std::uint64_t seed = 1;
  double gamma = 0;  // step of the probing run; 0: 1/L
  double beta = 1;   // momentum of the probing run
  long long probe_iters = 100;
  double radius = 0;  // of the ball probes; 0: ‖x* − x₀‖
  // The minimiser x* that near-opt probes surround and the default ball radius measures; a
  // validation passes the one its problem constants use, so that one x* serves every stage.
  // Unset: the problem's closed form, else the end of 5·probe_iters exact gradient steps.
  std::optional<problems::Vector> x_star{};
  int threads = 0;              // 0: min(cores, workers)
  std::filesystem::path out{};  // empty: write no files
  bool progress = true;
  // Called with measure.json's "config" once it is resolved (γ = 1/L, threads), before anything
  // is measured or written: the CLI checks its --out folder with it.
  std::function<void(const core::Json& config)> before_measuring{};

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

struct MeasuredPoint {
  Probe probe;
  long long iteration = -1;  // along runs: the step k; else the index of the point
  estimators::PointMeasurement measurement;
  problems::Vector x{};  // the point itself (a validation measures the local L there)
};

/// The constants of measured points (estimators::summarize of their measurements).
estimators::MeasureSummary summary_of(const std::vector<MeasuredPoint>& points);

struct MeasureOutcome {
  core::Json record;  // measure.json
  std::vector<MeasuredPoint> points;
  estimators::MeasureSummary summary;
};

/// Builds config.problem and config.estimator from their specs, then measures.
MeasureOutcome measure(const MeasureConfig& config);

/// The same for a problem and an estimator given as objects (a user-written problem or stage);
/// config.problem, .estimator and .workers are taken from them. Nothing is written unless
/// config.out is set; progress goes to stderr only if config.progress.
MeasureOutcome measure(const problems::Problem& problem, const estimators::Pipeline& estimator,
                       const MeasureConfig& config);

/// The JSON summary of measured points (THEORY.md §3): the bias frontier from the points
/// (a_j, upper limit of b_j), the variance frontier from (lower limit of c_j, upper limit of
/// v_j), the same from the point estimates (`*_estimate`), extremes, heterogeneity.
core::Json summarize(const std::vector<MeasuredPoint>& points);

}  // namespace biasbound::methods
