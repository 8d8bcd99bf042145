#include "methods/delayed_gd.hpp"
#include "methods/worker_start.hpp"

#include <cmath>

#include "core/error.hpp"

namespace biasbound::methods {

void DelayedGdParams::check() const {
  gamma.check("DelayedGdParams.gamma");
  if (tau < 0 || tau > 100000)
    throw core::field_error("DelayedGdParams.tau", tau, "must be in [0, 100000]");
}

DelayedGd::DelayedGd(const problems::Problem& problem, const estimators::Pipeline& compressor,
                     const DelayedGdParams& params, Communicator& communicator)
    : problem_(problem),
      params_(params),
      communicator_(communicator),
      compressors_(static_cast<std::size_t>(problem.workers()), compressor),
      rngs_(static_cast<std::size_t>(problem.workers())),
      task_([this](int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
        work(w, x, kind, slot);
      }) {
  params.check();
  if (compressor.has_source())
    throw core::input_error("compressor '{}' starts with a gradient source", compressor.text());
  if (communicator.workers() != problem.workers())
    throw core::input_error("communicator has {} workers but the problem has {}",
                            communicator.workers(), problem.workers());
  ring_.assign(static_cast<std::size_t>(params.tau) + 1, problems::Vector::Zero(problem.dim()));
  reset(0);
}

void DelayedGd::reset(std::uint64_t seed) {
  seed_ = seed;
  k_ = 0;
  staleness_ = 0;
  x_ = problem_.seeded_initial_point(seed);
  for (auto& compressor : compressors_) compressor.reset();
}

void DelayedGd::work(int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
  const auto i = static_cast<std::size_t>(w);
  auto& rng = rngs_[i];
  if (!start_worker(problem_, w, x, kind, slot, rng, seed_, k_)) return;
  const estimators::Context context{problem_, w, x, rng, &slot.exact_gradient};
  slot.message.values = slot.exact_gradient;
  compressors_[i].run(context, slot.message);
}

Observation DelayedGd::step() {
  communicator_.round(x_, RoundKind::kEstimate, task_, round_);
  ring_[slot(k_)] = round_.mean_message;
  staleness_ = draw_staleness(params_.staleness, params_.tau, seed_, k_, server_rng_);
  x_ -= params_.gamma.at(k_) * ring_[slot(k_ - staleness_)];
  ++k_;
  return observation_of(round_);
}

Observation DelayedGd::observe() {
  communicator_.round(x_, RoundKind::kEvaluateOnly, task_, round_);
  return observation_of(round_);
}

}  // namespace biasbound::methods
