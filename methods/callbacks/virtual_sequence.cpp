#include "methods/callbacks/virtual_sequence.hpp"

#include "core/error.hpp"

namespace biasbound::methods::callbacks {

void VirtualSequence::begin_seed(LoopState& state) {
  method_ = dynamic_cast<const ServerMomentum*>(&state.method);
  if (!method_)
    throw core::input_error("VirtualSequence: the virtual sequence is server momentum's, not {}'s",
                            state.method.name());
}

void VirtualSequence::before_step(LoopState& state) {
  const auto& p = method_->params();
  // At the step about to be taken: under a schedule z jumps at the stage boundaries (no
  // statement bounds it there; validation refuses schedules for momentum statements).
  z_ = method_->x() - p.gamma.at(state.k) * (1 - p.beta) / p.beta * method_->v();
  state.trace.f_virtual.push_back(problems::value(method_->problem(), z_));
  state.trace.v_norm2.push_back(method_->v().squaredNorm());
}

}  // namespace biasbound::methods::callbacks
