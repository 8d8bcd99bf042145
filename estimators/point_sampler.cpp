#include "estimators/point_sampler.hpp"

#include <algorithm>
#include <utility>

#include "core/error.hpp"

namespace biasbound::estimators {
namespace {

// Enough batches for a stable jackknife, each with enough draws to be near-normal.
int batch_count(int samples) {
  return std::clamp(samples / 10, 2, 20);
}

}  // namespace

long long draws_per_point(const Pipeline& pipeline, int samples) {
  return pipeline.deterministic() ? 2 : samples;
}

void SamplingSettings::check() const {
  if (samples < 4)
    throw core::field_error("SamplingSettings.samples", samples, "must be at least 4");
  for (const auto& [field, level] : {std::pair{"SamplingSettings.levels.b", levels.b},
                                     std::pair{"SamplingSettings.levels.c", levels.c},
                                     std::pair{"SamplingSettings.levels.v", levels.v}})
    if (!(level > 0 && level < 1)) throw core::field_error(field, level, "must be in (0, 1)");
}

PointSampler::PointSampler(const problems::Problem& problem, const Pipeline& pipeline,
                           const SamplingSettings& settings, core::ThreadPool& pool)
    : problem_(problem),
      settings_(settings),
      stateful_(pipeline.stateful()),
      deterministic_(pipeline.deterministic()),
      pool_(pool) {
  settings.check();
  const int n = problem.workers();
  const int k = deterministic_ ? 2 : batch_count(settings.samples);
  worker_gradients_.assign(static_cast<std::size_t>(n), Eigen::VectorXd::Zero(problem.dim()));
  pipelines_.assign(static_cast<std::size_t>(k),
                    std::vector<Pipeline>(static_cast<std::size_t>(n), pipeline));
  messages_.resize(static_cast<std::size_t>(k));
  for (auto& m : messages_) m.resize(problem.dim());
  sums_.assign(static_cast<std::size_t>(k), Eigen::VectorXd::Zero(problem.dim()));
  rngs_.assign(static_cast<std::size_t>(k), std::vector<core::Rng>(static_cast<std::size_t>(n)));
}

PointMeasurement PointSampler::measure(const Eigen::VectorXd& x, std::uint64_t point,
                                       std::span<const Pipeline> state) {
  const int n = problem_.workers();
  if (stateful_ && state.empty())
    throw core::input_error(
        "estimator '{}' keeps state across calls: measure it at a state of a run (along runs)",
        pipelines_.front().front().text());
  if (!state.empty() && state.size() != static_cast<std::size_t>(n))
    throw core::input_error("a forked state needs one pipeline per worker ({}), got {}", n,
                            state.size());
  pool_.parallel_for(n, [&](int w) {
    problem_.worker_value_gradient(w, x, worker_gradients_[static_cast<std::size_t>(w)]);
  });
  Eigen::VectorXd gradient = Eigen::VectorXd::Zero(problem_.dim());
  for (const auto& g : worker_gradients_) gradient += g;
  gradient /= n;
  PointMeasurement result;
  for (const auto& g : worker_gradients_) result.hetero += (g - gradient).squaredNorm() / n;

  DrawAccumulator accumulator(gradient, batches());
  pool_.parallel_for(batches(), [&](int b) { draw_batch(b, x, point, state, accumulator); });
  // Each batch holds one draw: two streams must give the same message.
  if (deterministic_ && sums_[0] != sums_[1])
    throw core::input_error(
        "estimator '{}' declares every stage deterministic, but two draws at the same point "
        "differ: a stage's deterministic() is wrong",
        pipelines_.front().front().text());
  result.stats = accumulator.summarize(settings_.levels);
  return result;
}

void PointSampler::draw_batch(int batch, const Eigen::VectorXd& x, std::uint64_t point,
                              std::span<const Pipeline> state, DrawAccumulator& accumulator) {
  const auto b = static_cast<std::size_t>(batch);
  const int n = problem_.workers();
  const long long samples = draws_per_point();
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
      auto& pipeline = pipelines_[b][static_cast<std::size_t>(w)];
      // Each draw starts from the fork, not from where the previous draw left the state.
      if (!state.empty()) pipeline = state[static_cast<std::size_t>(w)];
      const Context context{problem_, w, x, rngs[static_cast<std::size_t>(w)],
                            &worker_gradients_[static_cast<std::size_t>(w)]};
      pipeline.run(context, message);
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
