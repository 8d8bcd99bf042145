#include "methods/run.hpp"

#include <limits>

namespace biasbound::methods {

void RunOptions::check() const {
  if (iterations < 1) throw core::field_error("RunOptions.iterations", iterations, "must be >= 1");
  if (seeds < 1) throw core::field_error("RunOptions.seeds", seeds, "must be >= 1");
  constexpr auto kLargest = std::numeric_limits<std::uint64_t>::max();
  if (first_seed > kLargest - static_cast<std::uint64_t>(seeds - 1))
    throw core::fields_error("RunOptions.first_seed", first_seed, "RunOptions.seeds", seeds,
                             fmt::format("the seeds run past the largest seed {}", kLargest));
  if (threads < 0)
    throw core::field_error("RunOptions.threads", threads, "must be >= 0 (0: the default)");
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
