#include "methods/callbacks/time_limit.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace biasbound::methods::callbacks {

TimeLimit::TimeLimit(double seconds) : seconds_(seconds), start_(std::chrono::steady_clock::now()) {
  if (!(seconds >= 0) || !std::isfinite(seconds))
    throw core::input_error("TimeLimit: seconds must be a finite number >= 0, got {}", seconds);
}

bool TimeLimit::should_stop(const LoopState& state) {
  const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start_;
  if (spent.count() < seconds_) return false;
  stopped_at_ = state.k;
  return true;
}

std::string TimeLimit::stop_reason() const {
  return fmt::format("time limit of {} s reached before iteration {}", seconds_, stopped_at_);
}

}  // namespace biasbound::methods::callbacks
