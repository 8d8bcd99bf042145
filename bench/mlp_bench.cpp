// One iteration of the seed paper's network experiment — server momentum on 784-512-512-10
// (d = 669,706), all 60,000 Fashion-MNIST training images over 100 workers (600 each, fixed
// contiguous shards), exact shard gradients compressed by top-5% — timed against its hardware
// limit measured in the same run: the same GEMMs (shapes, blocks, float32, one GEMM stream per
// thread, the same threads) on random data. Target: iteration ≤ 1.3 × the GEMM-limited time.
// Also reported: the split (the workers' gradient passes, top-k over 100 × 669,706 entries,
// the rest: aggregation and the step), one evaluation of the train and test metrics, peak memory.
//
//   bench_mlp [REPEATS=3]

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/server_momentum.hpp"
#include "problems/factory.hpp"
#include "problems/mlp.hpp"

using namespace biasbound;
using Clock = std::chrono::steady_clock;
using MatF = Eigen::MatrixXf;

namespace {

constexpr int kWorkers = 100;
constexpr int kBlock = 256;  // problems/mlp.cpp's block of examples
constexpr const char* kProblem = "mlp:data=fashion-mnist,hidden=512/512";

template <typename F>
double median_seconds(int repeats, F&& body) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    body();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::nth_element(times.begin(), times.begin() + repeats / 2, times.end());
  return times[std::size_t(repeats / 2)];
}

double median_of(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// The GEMMs of one forward and backward pass over a block of `rows` examples, as mlp.cpp
// issues them: Z = A·Wᵀ per layer; then per layer the weight gradient Aᵀ·dZ and, above the
// first layer, dA = dZ·W. Returns the FLOPs.
struct BlockGemms {
  BlockGemms(const std::vector<int>& layer_widths, int rows) : widths(layer_widths) {
    for (std::size_t l = 0; l < widths.size(); ++l) acts.push_back(MatF::Random(rows, widths[l]));
    for (std::size_t l = 1; l < widths.size(); ++l) {
      weights.push_back(MatF::Random(widths[l - 1], widths[l]));
      grads.push_back(MatF::Zero(widths[l - 1], widths[l]));
    }
  }
  double run() {
    double flops = 0;
    const auto rows = double(acts[0].rows());
    for (std::size_t l = 1; l < widths.size(); ++l) {
      out.noalias() = acts[l - 1] * weights[l - 1];
      flops += 2 * rows * widths[l - 1] * widths[l];
    }
    for (std::size_t l = widths.size() - 1; l >= 1; --l) {
      grads[l - 1].noalias() += acts[l - 1].transpose() * acts[l];
      flops += 2 * rows * widths[l - 1] * widths[l];
      if (l == 1) break;
      back.noalias() = acts[l] * weights[l - 1].transpose();
      flops += 2 * rows * widths[l - 1] * widths[l];
    }
    return flops;
  }
  std::vector<int> widths;
  std::vector<MatF> acts, weights, grads;
  MatF out, back;
};

double peak_memory_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024;  // kB
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const auto problem = problems::make_problem(kProblem, kWorkers);
  const auto& mlp = dynamic_cast<const problems::Mlp&>(*problem);
  const int threads = std::min(core::default_thread_count(), kWorkers);
  core::ThreadPool pool(threads);
  const int d = problem->dim();

  // The limit: every worker's blocks (256, 256, 88 rows for 600 examples) through the same
  // GEMMs on random data, workers spread over the threads as the methods spread them.
  std::vector<double> flops_of(static_cast<std::size_t>(kWorkers));
  const auto gemms = [&] {
    pool.parallel_for(kWorkers, [&](int w) {
      thread_local std::map<int, BlockGemms> by_rows;  // each thread's buffers, per block size
      double flops = 0;
      for (int left = problem->worker_examples(w); left > 0; left -= kBlock) {
        const int rows = std::min(kBlock, left);
        auto it = by_rows.find(rows);
        if (it == by_rows.end()) it = by_rows.emplace(rows, BlockGemms(mlp.layers(), rows)).first;
        flops += it->second.run();
      }
      flops_of[std::size_t(w)] = flops;
    });
  };
  gemms();  // warm-up: the buffers
  double flops = 0;
  for (double f : flops_of) flops += f;

  // The workers' gradient passes alone (what the GEMMs are part of).
  const problems::Vector x0 = problem->initial_point();
  std::vector<problems::Vector> grads(static_cast<std::size_t>(kWorkers), problems::Vector(d));
  const double passes = median_seconds(repeats, [&] {
    pool.parallel_for(kWorkers,
                      [&](int w) { problem->worker_value_gradient(w, x0, grads[std::size_t(w)]); });
  });

  // Top-5% of every worker's gradient.
  auto topk = estimators::Pipeline::parse_compressor("topk:frac=0.05", *problem);
  std::vector<estimators::Pipeline> per_worker(static_cast<std::size_t>(kWorkers), topk);
  std::vector<estimators::Message> messages(static_cast<std::size_t>(kWorkers));
  const double select = median_seconds(repeats, [&] {
    pool.parallel_for(kWorkers, [&](int w) {
      auto rng = core::make_stream(1, core::StreamPurpose::kCompressor, std::uint64_t(w));
      auto& m = messages[std::size_t(w)];
      m.values = grads[std::size_t(w)];
      m.support.clear();
      m.sparse = false;
      per_worker[std::size_t(w)].run({*problem, w, x0, rng, nullptr}, m);
    });
  });

  // The iteration itself: exact+top-5%, γ = 0.5, β = 0.1.
  const auto pipeline = estimators::Pipeline::parse("exact+topk:frac=0.05", *problem);
  methods::InProcessCommunicator communicator(kWorkers, d, pool);
  methods::ServerMomentum method(*problem, pipeline, {0.5, 0.1, methods::MomentumInit::kZero},
                                 communicator);
  method.reset(1);
  method.step();  // warm-up
  // The limit and the iteration alternate, so that both see the same state of a shared
  // machine (its GEMM rate varies by tens of percent between minutes); the ratio is the median
  // of the pairs' ratios.
  std::vector<double> gemm_times, iteration_times, ratios;
  for (int r = 0; r < repeats; ++r) {
    gemm_times.push_back(median_seconds(1, gemms));
    iteration_times.push_back(median_seconds(1, [&] { method.step(); }));
    ratios.push_back(iteration_times.back() / gemm_times.back());
  }
  const double gemm = median_of(gemm_times);
  const double iteration = median_of(iteration_times);
  const double ratio = median_of(ratios);
  // What a trace evaluation costs: the train metrics come with the step (the gradient pass
  // counts them), so only the test set is passed over.
  const double evaluation = median_seconds(repeats, [&] { problem->test_metrics(method.x()); });

  fmt::print("problem     {} ({} workers, d = {}, {} threads)\n", kProblem, kWorkers, d, threads);
  fmt::print(
      "gemm        {:8.3f} s  ({:.1f} GFLOP/s fp32, {:.1f} GFLOP)  [limit: the same GEMMs]\n", gemm,
      flops / gemm / 1e9, flops / 1e9);
  fmt::print(
      "iteration   {:8.3f} s  = {:.3f} x the GEMM-limited time  (target <= 1.3; median of "
      "{} paired ratios, from {:.3f} to {:.3f})\n",
      iteration, ratio, repeats, *std::min_element(ratios.begin(), ratios.end()),
      *std::max_element(ratios.begin(), ratios.end()));
  fmt::print("  passes    {:8.3f} s  (the workers' forward and backward passes)\n", passes);
  fmt::print("  top-k     {:8.3f} s  (top-5% of {} x {} entries)\n", select, kWorkers, d);
  fmt::print("  rest      {:8.3f} s  (aggregation and the server step)\n",
             std::max(0.0, iteration - passes - select));
  fmt::print("evaluation  {:8.3f} s  (test loss and accuracy; the train ones come with the step)\n",
             evaluation);
  fmt::print("peak memory {:8.0f} MB  [median of {} repeats]\n", peak_memory_mb(), repeats);
  return 0;
}
