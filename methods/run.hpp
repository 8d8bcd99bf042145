#pragma once
// Several seeds of one method on one problem, each driven by the run loop with the same
// callbacks: the library form of a whole experiment. Seeds run one after another, each with its
// workers in parallel, so callbacks see one seed at a time and the traces do not depend on the
// thread count. Nothing is printed or written unless a callback does it.
//
//   auto runs = methods::run(*f, spec, {.iterations = 2000, .seeds = 8},
//                            methods::callbacks::ProgressBar(8 * 2000));
//   std::cout << runs.brief_report() << '\n';

#include <cstdint>
#include <functional>
#include <memory>

#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/run_loop.hpp"
#include "methods/seed_run.hpp"
#include "methods/traces.hpp"

namespace biasbound::methods {

struct RunOptions {
  long long iterations = 100;
  int seeds = 1;
  std::uint64_t first_seed = 1;
  int threads = 0;  // workers in parallel within a seed; 0: min(cores, workers)

  /// Throws core::InputError naming the field that is out of range.
  void check() const;
};

/// Makes the method to run, talking to its workers through the given communicator.
using MethodFactory = std::function<std::unique_ptr<Method>(Communicator&)>;

namespace detail {
Traces start_traces(const problems::Problem& problem, const RunOptions& options);
}  // namespace detail

/// Runs options.seeds seeds of the method `make` builds, each for options.iterations steps.
template <RunCallback... Callbacks>
Traces run(const problems::Problem& problem, const MethodFactory& make, const RunOptions& options,
           Callbacks&&... callbacks) {
  Traces traces = detail::start_traces(problem, options);
  core::ThreadPool pool(core::pool_size(options.threads, problem.workers()));
  InProcessCommunicator communicator(problem.workers(), problem.dim(), pool);
  const auto method = make(communicator);
  traces.method = std::string(method->name());
  for (int r = 0; r < options.seeds; ++r)
    traces.seeds.push_back(run_seed(*method, options.first_seed + static_cast<std::uint64_t>(r),
                                    options.iterations, callbacks...));
  traces.traffic = communicator.traffic();
  return traces;
}

/// The same for a catalog method described by `spec`.
template <RunCallback... Callbacks>
Traces run(const problems::Problem& problem, const MethodSpec& spec, const RunOptions& options,
           Callbacks&&... callbacks) {
  return run(
      problem, [&](Communicator& c) { return make_method(problem, spec, c); }, options,
      callbacks...);
}

}  // namespace biasbound::methods
