#pragma once
// Ends a run once a wall-time budget is spent (ensmallen's TimerStop), between iterations so
// the trace ends with a whole row. The clock starts when the callback is made, so one TimeLimit
// shared by several seeds bounds them together.

#include <chrono>
#include <string>

#include "methods/run_loop.hpp"

namespace biasbound::methods::callbacks {

class TimeLimit {
 public:
  explicit TimeLimit(double seconds);

  bool should_stop(const LoopState& state);
  std::string stop_reason() const;

 private:
  double seconds_;
  std::chrono::steady_clock::time_point start_;
  long long stopped_at_ = 0;
};

}  // namespace biasbound::methods::callbacks
