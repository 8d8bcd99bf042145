// The MPI backend against the in-process one on the same machine: iterations of server momentum
// on the seed paper's network (784-512-512-10, all 60,000 Fashion-MNIST images over 100
// workers, exact gradients compressed by top-5%, γ = 0.5, β = 0.1) or on logistic regression
// (Fashion-MNIST 0/6, 20 workers, top-10%). Each repeat is a pair: one iteration in-process on
// rank 0 with all of the machine's threads (the other ranks sleep meanwhile), then the same
// iteration on the MPI backend over the job's ranks, each with its share of the cores. Both run
// the same seed, so they compute the same iterates. Reports the median of the pairs' ratios
// (target ≤ 1.05 on one rank), the time in MPI calls and its share of an iteration (target
// < 10% for the network), and the bytes MPI moved next to their time at this machine's memcpy
// bandwidth, measured in the same run.
//
//   mpirun -n R bench_mpi [network|logistic] [REPEATS]

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "methods/backend.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/mpi_communicator.hpp"
#include "methods/mpi_session.hpp"
#include "methods/server_momentum.hpp"
#include "problems/factory.hpp"

using namespace biasbound;
using Clock = std::chrono::steady_clock;

namespace {

struct Setup {
  const char* problem;
  int workers;
  const char* estimator;
  double gamma;
};

const Setup kNetwork{"mlp:data=fashion-mnist,hidden=512/512", 100, "exact+topk:frac=0.05", 0.5};
const Setup kLogistic{"logistic:data=fashion-mnist,classes=0/6,lambda=1e-3", 20, "topk:frac=0.1",
                      1e-3};

double seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <typename F>
double time_once(F&& body) {
  const auto start = Clock::now();
  body();
  return seconds(start);
}

double median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// The limit for moving bytes within one machine: memcpy of a buffer far larger than the caches.
double memcpy_bandwidth() {
  std::vector<char> from(std::size_t(256) << 20, 1), to(from.size());
  std::vector<double> rates;
  for (int r = 0; r < 5; ++r)
    rates.push_back(double(from.size()) /
                    time_once([&] { std::memcpy(to.data(), from.data(), from.size()); }));
  return median(rates) + 0 * to[from.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const methods::MpiSession session(argc, argv);
  const std::string which = argc > 1 ? argv[1] : "network";
  if (!session.active() || (which != "network" && which != "logistic")) {
    fmt::print(stderr, "usage: mpirun -n R bench_mpi [network|logistic] [REPEATS]\n");
    return 2;
  }
  const Setup& setup = which == "network" ? kNetwork : kLogistic;
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : which == "network" ? 5 : 200;
  const auto problem = problems::make_problem(setup.problem, setup.workers);
  const auto pipeline = estimators::Pipeline::parse(setup.estimator, *problem);
  const int d = problem->dim();
  const methods::MomentumParams options{setup.gamma, 0.1, methods::MomentumInit::kZero};

  // In-process: rank 0 alone, with every core.
  std::optional<core::ThreadPool> local_pool;
  std::optional<methods::InProcessCommunicator> local;
  std::optional<methods::ServerMomentum> alone;
  const int local_threads = std::min(core::default_thread_count(), setup.workers);
  if (session.root()) {
    local_pool.emplace(local_threads);
    local.emplace(setup.workers, d, *local_pool);
    alone.emplace(*problem, pipeline, options, *local);
    alone->reset(1);
    alone->step();  // warm-up
  }
  // MPI: every rank, its share of the cores.
  const int threads = methods::backend_threads(0, setup.workers);
  core::ThreadPool pool(threads);
  methods::MpiCommunicator communicator(setup.workers, d, pool);
  methods::ServerMomentum method(*problem, pipeline, options, communicator);
  method.reset(1);
  method.step();  // warm-up

  const auto before = communicator.traffic();
  std::vector<double> in_process, mpi, ratios;
  for (int r = 0; r < repeats; ++r) {
    // The other ranks sleep (not spin) until rank 0 has timed its in-process iteration.
    if (session.root()) {
      in_process.push_back(time_once([&] { alone->step(); }));
      for (int to = 1; to < session.size(); ++to) session.send(to, 0, {});
    } else {
      session.receive();
    }
    mpi.push_back(time_once([&] { method.step(); }));
    if (session.root()) ratios.push_back(mpi.back() / in_process.back());
  }
  const auto after = communicator.traffic();
  const double wire_seconds =
      session.sum(after.wire_seconds - before.wire_seconds) / session.size() / repeats;
  const double bytes = session.sum(after.wire_bytes - before.wire_bytes) / repeats;
  if (!session.root()) return 0;

  const double bandwidth = memcpy_bandwidth();
  const double iteration = median(mpi);
  fmt::print("problem     {} ({} workers, d = {}, {})\n", setup.problem, setup.workers, d,
             setup.estimator);
  fmt::print("in-process  {:9.4f} s per iteration  (rank 0 alone, {} threads)\n",
             median(in_process), local_threads);
  fmt::print("mpi         {:9.4f} s per iteration  ({} rank(s), {} threads each)\n", iteration,
             session.size(), threads);
  fmt::print(
      "ratio       {:9.3f} x in-process  (target <= 1.05 on one rank; median of {} paired "
      "ratios, from {:.3f} to {:.3f})\n",
      median(ratios), repeats, *std::min_element(ratios.begin(), ratios.end()),
      *std::max_element(ratios.begin(), ratios.end()));
  fmt::print(
      "in MPI      {:9.4f} s per iteration per rank = {:.1f}% of an iteration  (target < 10% "
      "for the network; waiting for a slower rank counts)\n",
      wire_seconds, 100 * wire_seconds / iteration);
  fmt::print(
      "moved       {:9.1f} kB per iteration of messages between ranks = {:.4f} s at {:.1f} GB/s "
      "[limit: memcpy, measured now]\n",
      bytes / 1e3, bytes / bandwidth, bandwidth / 1e9);
  return 0;
}
