#pragma once
// `delay:tau=T,mode=fixed|random`: stale messages. At the c-th call since reset the stage sends
// what its input was τ_c calls earlier, τ_c = min(τ, c) (fixed) or uniform on {0, ..., min(τ, c)}
// (random): the gradient evaluated at x_{k−τ_k}, as an asynchronous worker would send it. Its
// bias is ∇f(x_{k−τ_k}) − ∇f(x_k). Stateful: a ring of the last τ + 1 inputs.

#include <vector>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Delay final : public Stage {
 public:
  Delay(int tau, bool random, int dim);

  bool is_source() const override { return false; }
  bool deterministic() const override { return !random_; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Delay>(*this); }
  void reset() override { calls_ = 0; }
  core::Json describe() const override;
  StageConstants constants() const override;
  bool stateful() const override { return true; }

  /// The staleness τ_c of the last message sent.
  int last_staleness() const { return last_staleness_; }

 private:
  int tau_;
  bool random_;
  std::vector<Eigen::VectorXd> ring_;  // input of call c at ring_[c mod (τ + 1)]
  long long calls_ = 0;
  int last_staleness_ = 0;
};

std::unique_ptr<Stage> make_delay(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
