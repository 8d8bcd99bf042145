#pragma once
// SIGINT and SIGTERM as a request to stop. While an InterruptGuard lives, either signal only
// sets a flag (no I/O in the handler); long loops poll interrupt_signal() between iterations,
// stop there and record where they stopped. A second signal acts as usual (it kills), and a
// signal the parent ignores (a background job's SIGINT) stays ignored.

#include <csignal>
#include <string_view>

namespace biasbound::core {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

/// The signal that asked to stop (SIGINT or SIGTERM), or 0.
int interrupt_signal();

/// "SIGINT", "SIGTERM" or "signal N".
std::string_view signal_name(int signal);

}  // namespace biasbound::core
