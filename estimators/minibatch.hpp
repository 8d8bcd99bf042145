#pragma once
// `minibatch:b=B`: the mean gradient of B examples drawn uniformly WITH replacement from the
// worker's shard. Unbiased for ∇f_i(x); its variance scales as 1/B.

#include <vector>

#include "core/spec.hpp"
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
  StageConstants constants() const override {
    return unbiased_constants("unbiased; sigma^2 <= sigma_1^2 / b");
  }
  std::optional<double> message_bits(int dim) const override { return dense_bits(dim); }

 private:
  std::vector<int> batch_;  // the sampled local indices, reused every call
};

std::unique_ptr<Stage> make_minibatch(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
