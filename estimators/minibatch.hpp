#pragma once
// `minibatch:b=B`: the mean gradient of B examples drawn uniformly WITH replacement from the
// worker's shard. Unbiased for ∇f_i(x); its variance scales as 1/B.

#include <vector>

#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Minibatch final : public Stage {
 public:
  explicit Minibatch(int batch) : batch_(static_cast<std::size_t>(batch)) {}

  bool is_source() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Minibatch>(*this); }
  core::Json describe() const override {
    return {{"stage", "minibatch"}, {"b", batch_.size()}, {"replacement", true}};
  }

 private:
  std::vector<int> batch_;  // the sampled local indices, reused every call
};

}  // namespace biasbound::estimators
