#include "estimators/error_feedback.hpp"

namespace biasbound::estimators {

ErrorFeedback::ErrorFeedback(std::unique_ptr<Stage> compressor, int dim)
    : compressor_(std::move(compressor)), memory_(Eigen::VectorXd::Zero(dim)) {}

ErrorFeedback::ErrorFeedback(const ErrorFeedback& other)
    : compressor_(other.compressor_->clone()), memory_(other.memory_) {}

void ErrorFeedback::apply(const Context& context, Message& message) {
  memory_ += message.values;
  message.values = memory_;
  message.sparse = false;
  compressor_->apply(context, message);
  memory_ -= message.values;
}

void ErrorFeedback::reset() {
  memory_.setZero();
  compressor_->reset();
}

core::Json ErrorFeedback::describe() const {
  return {{"stage", "ef"}, {"compressor", compressor_->describe()}};
}

StageConstants ErrorFeedback::constants() const {
  StageConstants c;
  const auto inner = compressor_->constants();
  c.delta = inner.delta;
  c.delta_exact = inner.delta_exact;
  c.note =
      "stateful memory around the compressor; its effective bias is measured along runs "
      "(ef-sgd-nonconvex: E|e|^2 <= 4(1 - delta) gamma^2 G^2 / delta^2)";
  return c;
}

}  // namespace biasbound::estimators
