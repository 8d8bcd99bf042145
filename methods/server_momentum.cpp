#include "methods/server_momentum.hpp"
#include "methods/worker_start.hpp"

#include <cmath>

#include "core/error.hpp"

namespace biasbound::methods {

MomentumInit parse_init(std::string_view name) {
  if (name == "zero") return MomentumInit::kZero;
  if (name == "first") return MomentumInit::kFirst;
  throw core::input_error("unknown momentum init '{}' (accepted: zero, first)", name);
}

void MomentumParams::check() const {
  gamma.check("MomentumParams.gamma");
  if (!(beta > 0 && beta <= 1))
    throw core::field_error("MomentumParams.beta", beta, "must be in (0, 1]");
}

ServerMomentum::ServerMomentum(const problems::Problem& problem,
                               const estimators::Pipeline& estimator, const MomentumParams& params,
                               Communicator& communicator)
    : problem_(problem),
      params_(params),
      communicator_(communicator),
      estimators_(static_cast<std::size_t>(problem.workers()), estimator),
      rngs_(static_cast<std::size_t>(problem.workers())),
      task_([this](int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
        work(w, x, kind, slot);
      }) {
  params.check();
  if (!estimator.has_source())
    throw core::input_error("estimator '{}' has no source stage to start from", estimator.text());
  if (communicator.workers() != problem.workers())
    throw core::input_error("communicator has {} workers but the problem has {}",
                            communicator.workers(), problem.workers());
  reset(0);
}

void ServerMomentum::reset(std::uint64_t seed) {
  seed_ = seed;
  k_ = 0;
  x_ = problem_.seeded_initial_point(seed);
  v_.setZero(problem_.dim());
  for (auto& estimator : estimators_) estimator.reset();
}

void ServerMomentum::work(int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
  auto& rng = rngs_[static_cast<std::size_t>(w)];
  if (!start_worker(problem_, w, x, kind, slot, rng, seed_, k_)) return;
  const estimators::Context context{problem_, w, x, rng, &slot.exact_gradient};
  estimators_[static_cast<std::size_t>(w)].run(context, slot.message);
}

Observation ServerMomentum::step() {
  communicator_.round(x_, RoundKind::kEstimate, task_, round_);
  const auto& g = round_.mean_message;
  if (k_ == 0 && params_.init == MomentumInit::kFirst)
    v_ = g;
  else
    v_ = (1 - params_.beta) * v_ + params_.beta * g;
  x_ -= params_.gamma.at(k_) * v_;
  ++k_;
  return observation_of(round_);
}

Observation ServerMomentum::observe() {
  communicator_.round(x_, RoundKind::kEvaluateOnly, task_, round_);
  return observation_of(round_);
}

}  // namespace biasbound::methods
