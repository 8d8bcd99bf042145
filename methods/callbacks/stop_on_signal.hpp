#pragma once
// Ends a run between iterations when SIGINT or SIGTERM arrived while a core::InterruptGuard
// lives, so that files written by other callbacks end with whole rows.

#include <string>

#include "methods/run_loop.hpp"

namespace biasbound::methods::callbacks {

class StopOnSignal {
 public:
  bool should_stop(const LoopState& state);
  std::string stop_reason() const;
  /// The signal that stopped the run, or 0.
  int signal() const { return signal_; }

 private:
  int signal_ = 0;
  long long stopped_at_ = 0;
};

}  // namespace biasbound::methods::callbacks
