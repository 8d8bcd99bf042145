#pragma once
// Functions as callbacks, for what needs no class of its own:
//   AtIterate(fn):  fn(LoopState&) at x_k before every step (and before the last observation);
//   OnObserved(fn): fn(LoopState&, const Observation&) with every recorded row; if fn returns
//                   bool, true stops the run, e.g.
//   run_seed(method, seed, T, callbacks::OnObserved([](LoopState&, const Observation& o) {
//     return o.grad_norm2 < 1e-12;  // stop once stationary
//   }, "stationary"));

#include <string>
#include <utility>

#include "methods/run_loop.hpp"

namespace biasbound::methods::callbacks {

template <class Function>
class AtIterate {
 public:
  explicit AtIterate(Function function) : function_(std::move(function)) {}

  void before_step(LoopState& state) { function_(state); }

 private:
  Function function_;
};

template <class Function>
class OnObserved {
 public:
  explicit OnObserved(Function function, std::string reason = "stopped by a callback")
      : function_(std::move(function)), reason_(std::move(reason)) {}

  bool observed(LoopState& state, const Observation& observation) {
    return detail::asks_stop([&] { return function_(state, observation); });
  }
  std::string stop_reason() const { return reason_; }

 private:
  Function function_;
  std::string reason_;
};

}  // namespace biasbound::methods::callbacks
