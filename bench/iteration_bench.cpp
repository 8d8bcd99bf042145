// One iteration of distributed server-momentum on logistic regression (Fashion-MNIST classes
// 0/6, 12,000 × 784, 20 workers, exact gradients compressed by top-10%), timed against the
// hardware limit it is bound by: one streaming read of the same training matrix, with the same
// threads, measured in the same run. Target: iteration ≤ 1.5 × read.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/server_momentum.hpp"
#include "problems/factory.hpp"
#include "problems/logistic.hpp"

using namespace biasbound;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kWorkers = 20;
constexpr int kRepeats = 200;

template <typename F>
double median_seconds(F&& body) {
  std::vector<double> times;
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = Clock::now();
    body();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::nth_element(times.begin(), times.begin() + kRepeats / 2, times.end());
  return times[kRepeats / 2];
}

}  // namespace

int main() {
  const auto problem =
      problems::make_problem("logistic:data=fashion-mnist,classes=0/6,lambda=1e-3", kWorkers);
  const auto& logistic = dynamic_cast<const problems::Logistic&>(*problem);
  const auto& data = std::get<problems::DenseFeatures>(logistic.train().features);
  const auto pipeline = estimators::Pipeline::parse("topk:frac=0.1", *problem);
  const int threads = core::default_thread_count();
  core::ThreadPool pool(threads);

  // The limit: every worker's rows read once, summed so the reads cannot be optimised away.
  std::vector<double> sums(kWorkers);
  const double read = median_seconds([&] {
    pool.parallel_for(kWorkers, [&](int w) {
      const Eigen::Index rows = data.rows() / kWorkers;
      sums[static_cast<std::size_t>(w)] = data.middleRows(w * rows, rows).sum();
    });
  });

  methods::InProcessCommunicator communicator(kWorkers, problem->dim(), pool);
  methods::ServerMomentum method(*problem, pipeline, {1e-3, 0.1, methods::MomentumInit::kZero},
                                 communicator);
  method.reset(1);
  for (int warmup = 0; warmup < 5; ++warmup) method.step();
  const double iteration = median_seconds([&] { method.step(); });

  const double bytes = static_cast<double>(data.size()) * sizeof(double);
  fmt::print("data      {} x {} doubles = {:.1f} MB, {} workers, {} threads\n", data.rows(),
             data.cols(), bytes / 1e6, kWorkers, threads);
  fmt::print("read      {:8.3f} ms  ({:.1f} GB/s)  [limit: one streaming read of the data]\n",
             read * 1e3, bytes / read / 1e9);
  fmt::print("iteration {:8.3f} ms  ({:.1f} GB/s effective)\n", iteration * 1e3,
             bytes / iteration / 1e9);
  fmt::print(
      "ratio     {:8.3f} x the read  (target <= 1.5)  [median of {} repeats; checksum {:.3f}]\n",
      iteration / read, kRepeats, sums[0] + method.x().sum());
  return 0;
}
