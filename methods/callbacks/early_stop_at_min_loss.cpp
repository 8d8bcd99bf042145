#include "methods/callbacks/early_stop_at_min_loss.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace biasbound::methods::callbacks {

EarlyStopAtMinLoss::EarlyStopAtMinLoss(long long patience) : patience_(patience) {
  if (patience < 1)
    throw core::input_error("EarlyStopAtMinLoss: patience must be at least 1, got {}", patience);
}

void EarlyStopAtMinLoss::begin_seed(LoopState& /*state*/) {
  best_ = std::numeric_limits<double>::infinity();
  best_k_ = 0;
}

bool EarlyStopAtMinLoss::observed(LoopState& state, const Observation& observation) {
  if (observation.f < best_) {
    best_ = observation.f;
    best_k_ = state.k;
    return false;
  }
  stopped_at_ = state.k;
  return state.k - best_k_ >= patience_;
}

std::string EarlyStopAtMinLoss::stop_reason() const {
  return fmt::format("no decrease of f for {} iterations after its minimum {} at iteration {}",
                     patience_, best_, best_k_);
}

}  // namespace biasbound::methods::callbacks
