#pragma once
// Draws of the AGGREGATED estimator g(x) = (1/n) Σᵢ Cᵢ(gᵢ(x)) at probe points, for measuring
// its bias and variance. Draws are grouped in batches that each run on one thread; within
// batch b of point p, worker i draws from the stream (seed, p, b·n + i) in sequence (seeding
// once per batch, not per draw, keeps seeding off the hot path). So the statistics do not
// depend on the number of threads.
//
// A stateful pipeline (memory, delay buffer, epoch position) has no distribution "at x", only
// one given its state: what the theorems bound is E[g_k | past] (THEORY.md §1). It is measured
// at a fork of a run's state: every draw starts from a copy of every worker's pipeline as it
// stood at step k, so the draws differ only by the randomness of step k itself.
//
// A deterministic pipeline (every stage declares it draws nothing) has no variance to
// estimate: it is drawn twice per point, from two different streams, instead of `samples`
// times, and the second draw must equal the first bit for bit (else the declaration is wrong
// and measuring throws). Its limits then collapse onto the exact values.

#include <cstdint>
#include <span>
#include <vector>

#include "core/thread_pool.hpp"
#include "estimators/draw_statistics.hpp"
#include "estimators/pipeline.hpp"

namespace biasbound::estimators {

struct SamplingSettings {
  int samples = 200;
  Levels levels = 0.99;  // one-sided level of each point's limits
  std::uint64_t seed = 1;

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

/// Draws per point: `samples`, or 2 when the pipeline is deterministic.
long long draws_per_point(const Pipeline& pipeline, int samples);

struct PointMeasurement {
  PointStatistics stats;
  double hetero = 0;  // (1/n) Σᵢ ‖∇fᵢ(x) − ∇f(x)‖²
};

class PointSampler {
 public:
  PointSampler(const problems::Problem& problem, const Pipeline& pipeline,
               const SamplingSettings& settings, core::ThreadPool& pool);

  /// Measures the estimator at x; `point` keys the random streams. A stateful estimator needs
  /// `state`: one copy of this sampler's pipeline per worker, carrying the state at the step
  /// measured; the draws are conditional on it and leave it untouched.
  PointMeasurement measure(const Eigen::VectorXd& x, std::uint64_t point,
                           std::span<const Pipeline> state = {});

  int batches() const { return static_cast<int>(pipelines_.size()); }
  /// `samples`, or 2 for a deterministic pipeline.
  long long draws_per_point() const { return deterministic_ ? 2 : settings_.samples; }
  bool deterministic() const { return deterministic_; }

 private:
  void draw_batch(int batch, const Eigen::VectorXd& x, std::uint64_t point,
                  std::span<const Pipeline> state, DrawAccumulator& accumulator);

  const problems::Problem& problem_;
  SamplingSettings settings_;
  bool stateful_;
  bool deterministic_;
  core::ThreadPool& pool_;
  std::vector<Eigen::VectorXd> worker_gradients_;
  std::vector<std::vector<Pipeline>> pipelines_;  // [batch][worker]
  std::vector<Message> messages_;                 // per batch
  std::vector<Eigen::VectorXd> sums_;             // per batch
  std::vector<std::vector<core::Rng>> rngs_;      // [batch][worker]
};

}  // namespace biasbound::estimators
