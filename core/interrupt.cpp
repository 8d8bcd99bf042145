#include "core/interrupt.hpp"

#include <string>

namespace biasbound::core {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void request_stop(int signal) {
  g_signal = signal;
}

// Installs the handler unless the signal is ignored; SA_RESETHAND makes a second signal act as
// the default (terminate) when the loop does not stop soon enough.
void install(int signal, struct sigaction& previous) {
  sigaction(signal, nullptr, &previous);
  if (previous.sa_handler == SIG_IGN) return;
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(signal, &action, nullptr);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_signal = 0;
  install(SIGINT, previous_int_);
  install(SIGTERM, previous_term_);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

int interrupt_signal() {
  return g_signal;
}

std::string_view signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  static thread_local std::string other;
  other = "signal " + std::to_string(signal);
  return other;
}

}  // namespace biasbound::core
