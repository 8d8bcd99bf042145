#include "methods/mdsgd.hpp"
#include "methods/worker_start.hpp"

#include <cmath>

#include "core/error.hpp"

namespace biasbound::methods {

void MdsgdParams::check() const {
  eta.check("MdsgdParams.eta");
  if (!(beta >= 0 && beta < 1))
    throw core::field_error("MdsgdParams.beta", beta, "must be in [0, 1)");
}

Mdsgd::Mdsgd(const problems::Problem& problem, const estimators::Pipeline& estimator,
             const estimators::Pipeline& compressor, const MdsgdParams& params,
             Communicator& communicator)
    : problem_(problem),
      params_(params),
      communicator_(communicator),
      estimators_(static_cast<std::size_t>(problem.workers()), estimator),
      compressors_(static_cast<std::size_t>(problem.workers()), compressor),
      momenta_(static_cast<std::size_t>(problem.workers())),
      memories_(static_cast<std::size_t>(problem.workers())),
      estimates_(static_cast<std::size_t>(problem.workers())),
      rngs_(static_cast<std::size_t>(problem.workers())),
      task_([this](int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
        work(w, x, kind, slot);
      }) {
  params.check();
  if (!estimator.has_source())
    throw core::input_error("estimator '{}' has no source stage to start from", estimator.text());
  if (compressor.has_source())
    throw core::input_error("compressor '{}' starts with a gradient source", compressor.text());
  if (communicator.workers() != problem.workers())
    throw core::input_error("communicator has {} workers but the problem has {}",
                            communicator.workers(), problem.workers());
  reset(0);
}

void Mdsgd::reset(std::uint64_t seed) {
  seed_ = seed;
  k_ = 0;
  x_ = problem_.seeded_initial_point(seed);
  for (auto* buffers : {&momenta_, &memories_, &estimates_})
    for (auto& v : *buffers) v.setZero(problem_.dim());
  for (auto& estimator : estimators_) estimator.reset();
  for (auto& compressor : compressors_) compressor.reset();
}

void Mdsgd::work(int w, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot) {
  const auto i = static_cast<std::size_t>(w);
  auto& rng = rngs_[i];
  if (!start_worker(problem_, w, x, kind, slot, rng, seed_, k_)) return;
  const estimators::Context context{problem_, w, x, rng, &slot.exact_gradient};
  estimators_[i].run(context, slot.message);
  // In place, so the step allocates nothing: values = w = u + z, u = w, then values = C(w) and
  // u = w − C(w). A sparse estimate is zero off its support, so values is g as a dense vector.
  auto& values = slot.message.values;
  auto& z = momenta_[i];
  auto& u = memories_[i];
  estimates_[i] = values;
  z *= params_.beta;
  z += values;
  values = u + z;
  u = values;
  compressors_[i].run(context, slot.message);
  u -= values;
}

Observation Mdsgd::step() {
  communicator_.round(x_, RoundKind::kEstimate, task_, round_);
  x_ -= params_.eta.at(k_) * round_.mean_message;
  ++k_;
  return observation_of(round_);
}

Observation Mdsgd::observe() {
  communicator_.round(x_, RoundKind::kEvaluateOnly, task_, round_);
  return observation_of(round_);
}

}  // namespace biasbound::methods
