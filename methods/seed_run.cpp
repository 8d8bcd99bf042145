#include "methods/seed_run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

#include "core/error.hpp"

#include "core/thread_pool.hpp"
#include "methods/callbacks/virtual_sequence.hpp"
#include "methods/ef_sgd.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/mdsgd.hpp"
#include "methods/run_loop.hpp"

namespace biasbound::methods {
namespace {

// Reports steps to an IterationsDone about every 1% of the run (at most ~100 calls), the rest
// when the seed ends, so the calls add up to the steps taken.
class StepCounter {
 public:
  explicit StepCounter(const IterationsDone& report) : report_(report) {}

  bool observed(LoopState& state, const Observation& /*observation*/) {
    const long long every = std::max(1LL, (state.iterations + 99) / 100);
    if (state.k < state.iterations && ++pending_ == every) flush();
    return false;
  }
  void end_seed(LoopState& /*state*/) { flush(); }

 private:
  void flush() {
    if (report_ && pending_ > 0) report_(pending_);
    pending_ = 0;
  }

  const IterationsDone& report_;
  long long pending_ = 0;
};

}  // namespace

std::string_view to_string(MethodKind kind) {
  switch (kind) {
    case MethodKind::kServerMomentum:
      return "server-momentum";
    case MethodKind::kEfSgd:
      return "ef-sgd";
    case MethodKind::kMdsgd:
      return "mdsgd";
    case MethodKind::kDelayedGd:
      return "delayed-gd";
    case MethodKind::kBlockCoordinate:
      return "block-coordinate";
    case MethodKind::kIag:
      return "iag";
  }
  return "server-momentum";
}

MethodKind parse_method_kind(std::string_view name) {
  constexpr MethodKind kKinds[] = {MethodKind::kServerMomentum,  MethodKind::kEfSgd,
                                   MethodKind::kMdsgd,           MethodKind::kDelayedGd,
                                   MethodKind::kBlockCoordinate, MethodKind::kIag};
  for (const auto kind : kKinds)
    if (to_string(kind) == name) return kind;
  std::vector<std::string_view> names;
  for (const auto kind : kKinds) names.push_back(to_string(kind));
  throw core::input_error("unknown method '{}' (accepted: {})", name, fmt::join(names, ", "));
}

std::unique_ptr<Method> make_method(const problems::Problem& problem, const MethodSpec& spec,
                                    Communicator& communicator) {
  using estimators::Pipeline;
  switch (spec.kind) {
    case MethodKind::kServerMomentum:
      return std::make_unique<ServerMomentum>(problem, Pipeline::parse(spec.estimator, problem),
                                              MomentumParams{spec.gamma, spec.beta, spec.init},
                                              communicator);
    case MethodKind::kEfSgd:
      return std::make_unique<EfSgd>(problem, Pipeline::parse(spec.estimator, problem),
                                     Pipeline::parse_compressor(spec.compressor, problem),
                                     spec.gamma, communicator);
    case MethodKind::kMdsgd:
      return std::make_unique<Mdsgd>(
          problem, Pipeline::parse(spec.estimator, problem),
          Pipeline::parse_compressor(spec.compressor, problem),
          MdsgdParams{spec.gamma.scaled(1 - spec.beta_tilde), spec.beta_tilde}, communicator);
    case MethodKind::kDelayedGd:
      return std::make_unique<DelayedGd>(
          problem, Pipeline::parse_compressor(spec.compressor, problem),
          DelayedGdParams{spec.gamma, spec.tau, spec.staleness}, communicator);
    case MethodKind::kBlockCoordinate:
      return std::make_unique<BlockCoordinate>(
          problem, spec.compressor,
          BlockCoordinateParams{spec.gamma, spec.tau, spec.staleness, spec.blocks}, communicator);
    case MethodKind::kIag:
      return std::make_unique<Iag>(problem, Pipeline::parse_compressor(spec.compressor, problem),
                                   IagParams{spec.gamma, spec.order}, communicator);
  }
  return nullptr;
}

SeedTrace run_seed(const problems::Problem& problem, const MethodSpec& spec, std::uint64_t seed,
                   long long iterations, bool virtual_sequence, const IterationsDone& on_progress) {
  core::ThreadPool pool(1);
  InProcessCommunicator communicator(problem.workers(), problem.dim(), pool);
  const auto method = make_method(problem, spec, communicator);
  if (virtual_sequence)
    return run_seed(*method, seed, iterations, StepCounter(on_progress),
                    callbacks::VirtualSequence());
  return run_seed(*method, seed, iterations, StepCounter(on_progress));
}

}  // namespace biasbound::methods
