#include "estimators/point_sampler.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace biasbound::estimators {
namespace {

// Enough batches for a stable jackknife, each with enough draws to be near-normal.
int batch_count(int samples) {
  return std::clamp(samples / 10, 2, 20);
}

}  // namespace

PointSampler::PointSampler(const problems::Problem& problem, const Pipeline& pipeline,
                           const SamplingSettings& settings, core::ThreadPool& pool)
    : problem_(problem), settings_(settings), pool_(pool) {
  if (settings.samples < 4)
    throw core::input_error("--samples must be at least 4, got {}", settings.samples);
  if (!(settings.confidence > 0 && settings.confidence < 1))
    throw core::input_error("--confidence must be in (0, 1), got {}", settings.confidence);
  if (pipeline.stateful())
    throw core::input_error("estimator '{}' keeps state across calls: measure it along runs",
                            pipeline.text());
  const int n = problem.workers();
  const int k = batch_count(settings.samples);
  worker_gradients_.assign(static_cast<std::size_t>(n), Eigen::VectorXd::Zero(problem.dim()));
  pipelines_.assign(static_cast<std::size_t>(k),
                    std::vector<Pipeline>(static_cast<std::size_t>(n), pipeline));
  messages_.resize(static_cast<std::size_t>(k));
  for (auto& m : messages_) m.resize(problem.dim());
  sums_.assign(static_cast<std::size_t>(k), Eigen::VectorXd::Zero(problem.dim()));
  rngs_.assign(static_cast<std::size_t>(k), std::vector<core::Rng>(static_cast<std::size_t>(n)));
}

PointMeasurement PointSampler::measure(const Eigen::VectorXd& x, std::uint64_t point) {
  const int n = problem_.workers();
  pool_.parallel_for(n, [&](int w) {
    problem_.worker_value_gradient(w, x, worker_gradients_[static_cast<std::size_t>(w)]);
  });
  Eigen::VectorXd gradient = Eigen::VectorXd::Zero(problem_.dim());
  for (const auto& g : worker_gradients_) gradient += g;
  gradient /= n;
  PointMeasurement result;
  for (const auto& g : worker_gradients_) result.hetero += (g - gradient).squaredNorm() / n;

  DrawAccumulator accumulator(gradient, batches());
  pool_.parallel_for(batches(), [&](int b) { draw_batch(b, x, point, accumulator); });
  result.stats = accumulator.summarize(settings_.confidence);
  return result;
}

void PointSampler::draw_batch(int batch, const Eigen::VectorXd& x, std::uint64_t point,
                              DrawAccumulator& accumulator) {
  const auto b = static_cast<std::size_t>(batch);
  const int n = problem_.workers();
  const long long samples = settings_.samples;
  const long long begin = samples * batch / batches();
  const long long end = samples * (batch + 1) / batches();
  auto& message = messages_[b];
  auto& sum = sums_[b];
  auto& rngs = rngs_[b];
  for (int w = 0; w < n; ++w)
    rngs[static_cast<std::size_t>(w)].seed(
        core::stream_seed(settings_.seed, static_cast<std::uint64_t>(core::StreamPurpose::kMeasure),
                          point, static_cast<std::uint64_t>(batch) * n + w));
  for (long long s = begin; s < end; ++s) {
    sum.setZero();
    for (int w = 0; w < n; ++w) {
      const Context context{problem_, w, x, rngs[static_cast<std::size_t>(w)],
                            &worker_gradients_[static_cast<std::size_t>(w)]};
      pipelines_[b][static_cast<std::size_t>(w)].run(context, message);
      if (message.sparse)
        for (int i : message.support) sum[i] += message.values[i];
      else
        sum += message.values;
    }
    sum /= n;
    accumulator.add(batch, sum);
  }
}

}  // namespace biasbound::estimators
