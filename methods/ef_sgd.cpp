#include "methods/ef_sgd.hpp"
#include "methods/worker_start.hpp"

#include <cmath>

#include "core/error.hpp"

namespace biasbound::methods {

EfSgd::EfSgd(const problems::Problem& problem, const estimators::Pipeline& estimator,
             const estimators::Pipeline& compressor, const StepSize& gamma,
             Communicator& communicator)
    : problem_(problem),
      gamma_(gamma),
      communicator_(communicator),
      estimators_(static_cast<std::size_t>(problem.workers()), estimator),
      compressors_(static_cast<std::size_t>(problem.workers()), compressor),
      memories_(static_cast<std::size_t>(problem.workers())),
      rngs_(static_cast<std::size_t>(problem.workers())),
      task_([this](int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
        work(w, x, kind, slot);
      }) {
  gamma.check("EfSgd.gamma");
  if (!estimator.has_source())
    throw core::input_error("estimator '{}' has no source stage to start from", estimator.text());
  if (compressor.has_source())
    throw core::input_error("compressor '{}' starts with a gradient source", compressor.text());
  if (communicator.workers() != problem.workers())
    throw core::input_error("communicator has {} workers but the problem has {}",
                            communicator.workers(), problem.workers());
  reset(0);
}

void EfSgd::reset(std::uint64_t seed) {
  seed_ = seed;
  k_ = 0;
  x_ = problem_.seeded_initial_point(seed);
  for (auto& memory : memories_) memory.setZero(problem_.dim());
  for (auto& estimator : estimators_) estimator.reset();
  for (auto& compressor : compressors_) compressor.reset();
}

void EfSgd::work(int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
  const auto i = static_cast<std::size_t>(w);
  auto& rng = rngs_[i];
  if (!start_worker(problem_, w, x, kind, slot, rng, seed_, k_)) return;
  const estimators::Context context{problem_, w, x, rng, &slot.exact_gradient};
  estimators_[i].run(context, slot.message);
  // In place, so the step allocates nothing: values = p, memory = p, then values = C(p) and
  // memory = p − C(p). A sparse estimate is zero off its support, so values is p as a dense vector.
  auto& values = slot.message.values;
  auto& memory = memories_[i];
  values *= gamma_.at(k_);
  values += memory;
  memory = values;
  compressors_[i].run(context, slot.message);
  memory -= values;
}

Observation EfSgd::step() {
  communicator_.round(x_, RoundKind::kEstimate, task_, round_);
  x_ -= round_.mean_message;
  ++k_;
  return observation_of(round_);
}

Observation EfSgd::observe() {
  communicator_.round(x_, RoundKind::kEvaluateOnly, task_, round_);
  return observation_of(round_);
}

}  // namespace biasbound::methods
