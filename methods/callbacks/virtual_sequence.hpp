#pragma once
// Records server momentum's virtual sequence z_k = x_k − γ((1 − β)/β) v_{k−1} into the trace:
// f(z_k) and ‖v_{k−1}‖² at every iterate (momentum-pl's Lyapunov function Φ_k needs both).
// One more function evaluation per iterate; at β = 1, z_k = x_k.

#include "methods/run_loop.hpp"
#include "methods/server_momentum.hpp"

namespace biasbound::methods::callbacks {

class VirtualSequence {
 public:
  /// Throws if the run's method is not server momentum.
  void begin_seed(LoopState& state);
  void before_step(LoopState& state);

 private:
  const ServerMomentum* method_ = nullptr;
  problems::Vector z_;
};

}  // namespace biasbound::methods::callbacks
