#include "methods/callbacks/progress_bar.hpp"

#include <fmt/format.h>

namespace biasbound::methods::callbacks {

ProgressBar::ProgressBar(long long total_steps, std::string label, bool enabled)
    : progress_(std::move(label), total_steps, enabled) {}

bool ProgressBar::observed(LoopState& state, const Observation& observation) {
  if (state.k == state.iterations) return false;  // the last observation is not a step
  const std::lock_guard lock(mutex_);
  progress_.update(++done_, fmt::format("seed {} f={:.6g}", state.seed, observation.f));
  return false;
}

void ProgressBar::finish(std::string_view detail) {
  const std::lock_guard lock(mutex_);
  progress_.finish(detail);
}

}  // namespace biasbound::methods::callbacks
