#pragma once
// What every distributed method of the catalog (THEORY.md §4) is to the run loop: a state that
// resets to x₀ for a seed, takes one step at a time through its Communicator, and reports f and
// ‖∇f‖² at the iterate it stepped from. Methods differ only in their state and update; the loop
// (methods/run_loop.hpp) owns recording, divergence, stopping and callbacks, so they are the same
// for every method.

#include <cstdint>
#include <string_view>

#include "methods/communicator.hpp"

namespace biasbound::methods {

/// f and ‖∇f‖² at one iterate.
struct Observation {
  double f = 0;
  double grad_norm2 = 0;
  problems::ShardCounts train{};  // the workers' counts from the same pass (examples = 0: none)
};

/// What a round's instrumentation says of the iterate it was run at.
inline Observation observation_of(const RoundResult& round) {
  return {round.mean_value, round.mean_gradient.squaredNorm(), round.counts};
}

class Method {
 public:
  virtual ~Method() = default;

  /// Starts a run: x = x₀, k = 0, every piece of method and worker state cleared; the seed keys
  /// every random stream of the run.
  virtual void reset(std::uint64_t seed) = 0;
  /// One iteration from x_k; returns f(x_k) and ‖∇f(x_k)‖².
  virtual Observation step() = 0;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  virtual Observation observe() = 0;

  virtual const problems::Vector& x() const = 0;
  /// k: the number of steps taken since reset().
  virtual long long iteration() const = 0;
  virtual const Communicator& communicator() const = 0;
  /// The catalog's name for the method, e.g. "server-momentum".
  virtual std::string_view name() const = 0;
};

}  // namespace biasbound::methods
