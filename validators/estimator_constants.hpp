#pragma once
// The estimator and compressor constants a theorem needs, from `biasbound measure` on the same
// problem (THEORY.md §3): the (m, ζ²) and (M, σ²) frontiers stay in measure.json, where the
// theory picks the pair minimising the residual; the second moment G², per-worker noise σ²,
// contraction δ and unbiased-compressor α are derived here. δ and α are taken in closed form
// when the compressor's stage knows them (they then hold for every vector, not only the
// probed gradients), else from the measured extremes.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "validators/problem_constants.hpp"

namespace biasbound::validators {

struct MeasureSettings {
  std::string problem{};
  int workers = 1;
  int points = 16;
  int samples = 100;
  std::string probes{};
  long long probe_iters = 100;
  std::uint64_t seed = 1;
  double confidence = 0.99;
  int threads = 0;
  bool progress = true;
  std::optional<problems::Vector> x_star{};  // the validation's x* (MeasureConfig.x_star)
  double gamma = 0;                          // the probing run's step; 0: 1/L
};

/// What to measure: `estimator` always (DIR/measure); `compressor` (DIR/measure-compressor) as
/// exact + C when δ or α is needed and C is applied to something else than the gradient.
struct MeasurePlan {
  std::string estimator;
  std::optional<std::string> compressor;
  bool need_G2 = false;
  bool need_worker_sigma2 = false;
  bool need_delta = false;
  bool need_alpha = false;
  int blocks = 1;  // the compressor is applied block by block (block-coordinate descent)
};

struct EstimatorConstants {
  std::filesystem::path measure_json;  // the (m, ζ²), (M, σ²) frontiers; empty: in memory
  core::Json measure_record;           // measure.json's content when just measured (not saved)
  std::optional<Sourced> G2, sigma2, delta, alpha;
  bool deterministic = false;  // every measured draw was identical to the first
  core::Json summary;          // points, samples, confidence, extremes, per measurement
  std::vector<problems::Vector> probe_points{};  // the main measurement's points (not saved)
};

core::Json to_json(const EstimatorConstants& constants);
EstimatorConstants estimator_constants_from_json(const core::Json& json);

/// Runs the measurements of `plan` on `problem` (built once by the caller) into `dir` (empty:
/// no files) and derives the constants.
EstimatorConstants measure_constants(const problems::Problem& problem,
                                     const MeasureSettings& settings, const MeasurePlan& plan,
                                     const std::filesystem::path& dir);

}  // namespace biasbound::validators
