#pragma once
// How every method's worker task begins: the instrumentation the trace records (f_i(x) and
// ∇f_i(x); not part of the algorithm, not counted as traffic), then, unless the round only
// evaluates, the worker's random stream for this iteration, keyed by (seed, worker, k) so a
// run does not depend on how workers are scheduled.

#include <cstdint>

#include "core/rng.hpp"
#include "methods/communicator.hpp"

namespace biasbound::methods {

/// Returns false for an evaluate-only round, where the worker has nothing more to do.
inline bool start_worker(const problems::Problem& problem, int worker, problems::ConstVectorRef x,
                         RoundKind kind, WorkerSlot& slot, core::Rng& rng, std::uint64_t seed,
                         long long k) {
  slot.exact_value = problem.worker_pass(worker, x, slot.exact_gradient, slot.counts);
  if (kind == RoundKind::kEvaluateOnly) return false;
  rng.seed(core::stream_seed(seed, static_cast<std::uint64_t>(core::StreamPurpose::kSampling),
                             static_cast<std::uint64_t>(worker), static_cast<std::uint64_t>(k)));
  return true;
}

}  // namespace biasbound::methods
