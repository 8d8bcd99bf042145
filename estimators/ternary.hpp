#pragma once
// `ternary`: TernGrad. Coordinate i becomes ‖v‖_∞ sign(v_i) b_i with b_i ~ Bernoulli(|v_i|/‖v‖_∞),
// so E C(v) = v and E‖C(v)‖² = ‖v‖_∞‖v‖₁. The ratio ‖v‖_∞‖v‖₁/‖v‖² peaks at (1 + √d)/2, reached
// by v = (1, a, ..., a) with a = 1/(1 + √d): that is the analytic α. Zeros stay zero.

#include <cmath>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Ternary final : public Stage {
 public:
  explicit Ternary(int dim) : dim_(dim) {}

  bool is_source() const override { return false; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Ternary>(*this); }
  core::Json describe() const override { return {{"stage", "ternary"}, {"d", dim_}}; }
  StageConstants constants() const override;
  /// log₂3 bits per ternary coordinate plus the 32-bit scale ‖v‖_∞.
  std::optional<double> message_bits(int dim) const override { return std::log2(3.0) * dim + 32.0; }

 private:
  int dim_;
};

std::unique_ptr<Stage> make_ternary(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
