#pragma once
// The one loop that drives every method (methods/method.hpp), in the style of ensmallen's
// Optimize(f, x, callbacks...): the loop records f(x_k) and ‖∇f(x_k)‖² for k = 0..T, applies the
// one divergence rule (methods/divergence.hpp), and hands every other concern (progress, trace
// files, early stopping, time limits, signals, extra columns) to callbacks, checked at compile
// time for the hooks they offer:
//
//   void begin_seed(LoopState&)                     after reset to x₀
//   bool should_stop(const LoopState&)              before iterate k is stepped from (k = T:
//                                                   before its last observation); true ends the
//                                                   run with rows 0..k−1
//   void before_step(LoopState&)                    at x_k, just before step k (or the last
//                                                   observation), e.g. to evaluate at x_k;
//                                                   the trace's bits to reach x_k are recorded
//   bool observed(LoopState&, const Observation&)   row k was recorded; true ends the run after it
//   void end_seed(LoopState&)                       the trace is complete, however it ended
//   std::string stop_reason() const                 words for SeedTrace::stopped
//
// A callback offers at least one hook; bool hooks may also return void (never stop). Callbacks
// are called in the order they were passed, each with every hook call — except should_stop,
// which is asked only until one callback says stop (its stop_reason() is the one recorded).

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "methods/divergence.hpp"
#include "methods/method.hpp"
#include "methods/trace.hpp"

namespace biasbound::methods {

/// What a callback sees: the method at iterate k of a run of `iterations` steps for `seed`, and
/// the trace so far (callbacks may fill its optional columns).
struct LoopState {
  const Method& method;
  std::uint64_t seed;
  long long k;
  long long iterations;
  SeedTrace& trace;
};

template <class C>
concept RunCallback = requires(C& c, LoopState& s, const Observation& o) {
  c.begin_seed(s);
}
|| requires(C& c, const LoopState& s) {
  c.should_stop(s);
}
|| requires(C& c, LoopState& s) {
  c.before_step(s);
}
|| requires(C& c, LoopState& s, const Observation& o) {
  c.observed(s, o);
}
|| requires(C& c, LoopState& s) {
  c.end_seed(s);
};

namespace detail {

template <class C>
std::string stop_reason(const C& c) {
  if constexpr (requires {
                  { c.stop_reason() } -> std::convertible_to<std::string>;
                })
    return c.stop_reason();
  else
    return "stopped by a callback";
}

// Runs `hook` (which may return void or bool) and reports whether it asked to stop.
template <class Hook>
bool asks_stop(Hook&& hook) {
  if constexpr (std::same_as<decltype(hook()), void>) {
    hook();
    return false;
  } else {
    return static_cast<bool>(hook());
  }
}

template <class C>
void begin_seed(C& c, LoopState& s) {
  if constexpr (requires { c.begin_seed(s); }) c.begin_seed(s);
}

template <class C>
void before_step(C& c, LoopState& s) {
  if constexpr (requires { c.before_step(s); }) c.before_step(s);
}

template <class C>
void end_seed(C& c, LoopState& s) {
  if constexpr (requires { c.end_seed(s); }) c.end_seed(s);
}

// The first callback's reason to stop before iterate k, if any.
template <class C>
void should_stop(C& c, const LoopState& s, std::optional<std::string>& reason) {
  if constexpr (requires { c.should_stop(s); })
    if (!reason && asks_stop([&] { return c.should_stop(s); })) reason = stop_reason(c);
}

template <class C>
void observed(C& c, LoopState& s, const Observation& o, std::optional<std::string>& reason) {
  if constexpr (requires { c.observed(s, o); })
    if (asks_stop([&] { return c.observed(s, o); }) && !reason) reason = stop_reason(c);
}

}  // namespace detail

/// Runs `iterations` steps of `method` from x₀ for `seed` on the calling thread, then observes
/// x_T. Stops early at a divergence (SeedTrace::divergence) or when a callback asks
/// (SeedTrace::stopped). Nothing is printed or written unless a callback does it.
template <RunCallback... Callbacks>
SeedTrace run_seed(Method& method, std::uint64_t seed, long long iterations,
                   Callbacks&&... callbacks) {
  SeedTrace trace;
  trace.seed = seed;
  method.reset(seed);
  const Traffic start = method.communicator().traffic();  // the communicator outlives seeds
  [[maybe_unused]] LoopState state{method, seed, 0, iterations, trace};
  (detail::begin_seed(callbacks, state), ...);
  for (long long k = 0;; ++k) {
    state.k = k;
    std::optional<std::string> stop;
    (detail::should_stop(callbacks, std::as_const(state), stop), ...);
    if ((trace.stopped = stop)) break;
    const Traffic& sent = method.communicator().traffic();
    trace.bits_up.push_back(sent.bits_up - start.bits_up);
    trace.bits_down.push_back(sent.bits_down - start.bits_down);
    (detail::before_step(callbacks, state), ...);
    const bool last = k == iterations;
    const Observation observation = last ? method.observe() : method.step();
    trace.f.push_back(observation.f);
    trace.grad_norm2.push_back(observation.grad_norm2);
    (detail::observed(callbacks, state, observation, stop), ...);
    trace.divergence = last ? divergence(observation, k) : divergence(observation, method.x(), k);
    if (last || trace.divergence) break;
    if ((trace.stopped = stop)) break;
  }
  (detail::end_seed(callbacks, state), ...);
  return trace;
}

}  // namespace biasbound::methods
