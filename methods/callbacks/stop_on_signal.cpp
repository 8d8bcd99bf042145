#include "methods/callbacks/stop_on_signal.hpp"

#include <fmt/format.h>

#include "core/interrupt.hpp"

namespace biasbound::methods::callbacks {

bool StopOnSignal::should_stop(const LoopState& state) {
  signal_ = core::interrupt_signal();
  stopped_at_ = state.k;
  return signal_ != 0;
}

std::string StopOnSignal::stop_reason() const {
  return fmt::format("interrupted by {} before iteration {}", core::signal_name(signal_),
                     stopped_at_);
}

}  // namespace biasbound::methods::callbacks
