// Measuring an estimator: 64 probe points × 1000 draws of minibatch:b=32+topk:frac=0.1 on
// logistic regression (Fashion-MNIST 0/6, 10 workers), timed against its limit measured in the
// same run with the same threads: the same number of bare minibatch gradient evaluations
// (64 × 1000 × 10 batches of 32 rows). Target: measurement ≤ 1.3 × the limit's time.

#include <fmt/format.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <chrono>
#include <vector>

#include "core/rng.hpp"
#include "core/thread_pool.hpp"
#include "estimators/point_sampler.hpp"
#include "problems/factory.hpp"

using namespace biasbound;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kWorkers = 10;
constexpr int kPoints = 64;
constexpr int kSamples = 1000;
constexpr int kBatch = 32;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main() {
  const auto problem =
      problems::make_problem("logistic:data=fashion-mnist,classes=0/6,lambda=1e-3", kWorkers);
  const int d = problem->dim();
  core::ThreadPool pool(core::default_thread_count());
  std::vector<Eigen::VectorXd> points;
  for (int j = 0; j < kPoints; ++j) points.push_back(Eigen::VectorXd::Constant(d, 1e-3 * j));

  // The limit: the gradient evaluations alone, split over the threads like the measurement.
  const int chunks = 20;
  std::vector<Eigen::VectorXd> grads(chunks, Eigen::VectorXd::Zero(d));
  std::vector<std::vector<int>> batches(chunks, std::vector<int>(kBatch));
  auto start = Clock::now();
  for (const auto& x : points) {
    pool.parallel_for(chunks, [&](int c) {
      auto rng = core::make_stream(1, core::StreamPurpose::kMeasure, static_cast<std::uint64_t>(c));
      auto& batch = batches[static_cast<std::size_t>(c)];
      for (int s = c * kSamples / chunks; s < (c + 1) * kSamples / chunks; ++s)
        for (int w = 0; w < kWorkers; ++w) {
          boost::random::uniform_int_distribution<int> pick(0, problem->worker_examples(w) - 1);
          for (auto& i : batch) i = pick(rng);
          problem->worker_batch_gradient(w, batch, x, grads[static_cast<std::size_t>(c)]);
        }
    });
  }
  const double limit = seconds_since(start);

  const auto pipeline = estimators::Pipeline::parse("minibatch:b=32+topk:frac=0.1", *problem);
  estimators::PointSampler sampler(*problem, pipeline, {kSamples, 0.99, 1}, pool);
  start = Clock::now();
  double checksum = 0;
  for (int j = 0; j < kPoints; ++j)
    checksum += sampler.measure(points[static_cast<std::size_t>(j)], static_cast<std::uint64_t>(j))
                    .stats.b.value;
  const double measure = seconds_since(start);

  const double draws = double(kPoints) * kSamples;
  fmt::print(
      "workload  {} points x {} samples x {} workers, minibatch b={} + top-10%, {} threads\n",
      kPoints, kSamples, kWorkers, kBatch, pool.threads());
  fmt::print("limit     {:8.3f} s  ({:.0f} samples/s)  [bare minibatch gradient evaluations]\n",
             limit, draws / limit);
  fmt::print("measure   {:8.3f} s  ({:.0f} samples/s)\n", measure, draws / measure);
  fmt::print("ratio     {:8.3f} x the limit's time  (target <= 1.3)  [checksum {:.3e}]\n",
             measure / limit, checksum + grads[0].sum());
  return 0;
}
