#pragma once
// `ef+COMPRESSOR`: error feedback. The worker keeps a memory e of what compression dropped and
// adds it back before compressing: p = e + v, send C(p), e ← p − C(p). Stateful: the memory
// is per worker and cleared by reset().

#include <memory>

#include "estimators/stage.hpp"

namespace biasbound::estimators {

class ErrorFeedback final : public Stage {
 public:
  ErrorFeedback(std::unique_ptr<Stage> compressor, int dim);
  ErrorFeedback(const ErrorFeedback& other);
  ErrorFeedback& operator=(const ErrorFeedback&) = delete;

  bool is_source() const override { return false; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<ErrorFeedback>(*this); }
  void reset() override;
  core::Json describe() const override;
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override {
    return compressor_->message_bits(dim);
  }
  bool stateful() const override { return true; }

  const Eigen::VectorXd& memory() const { return memory_; }

 private:
  std::unique_ptr<Stage> compressor_;
  Eigen::VectorXd memory_;
};

}  // namespace biasbound::estimators
