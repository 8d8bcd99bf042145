#include "methods/run.hpp"

#include <limits>

namespace biasbound::methods {

void RunOptions::check() const {
  if (iterations < 1)
    throw core::input_error("RunOptions.iterations must be >= 1, got {}", iterations);
  if (seeds < 1) throw core::input_error("RunOptions.seeds must be >= 1, got {}", seeds);
  if (first_seed >
      std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(seeds - 1))
    throw core::input_error("RunOptions.first_seed {} with {} seeds runs past the largest seed",
                            first_seed, seeds);
  if (threads < 0)
    throw core::input_error("RunOptions.threads must be >= 0 (0: the default), got {}", threads);
}

namespace detail {

Traces start_traces(const problems::Problem& problem, const RunOptions& options) {
  options.check();
  if (problem.workers() < 1) throw core::input_error("the problem has no workers");
  Traces traces;
  traces.iterations = options.iterations;
  traces.seeds.reserve(static_cast<std::size_t>(options.seeds));
  return traces;
}

}  // namespace detail
}  // namespace biasbound::methods
