#pragma once
// `qsgd:s=S`: QSGD stochastic rounding onto S levels. For v ≠ 0, coordinate i becomes
// ‖v‖ sign(v_i) ξ_i / S where, with r = S|v_i|/‖v‖ and l = ⌊r⌋, ξ_i = l + 1 with probability
// r − l and l otherwise, so E ξ_i = r. Unbiased with α = 1 + min(d/S², √d/S); zeros stay zero.

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Qsgd final : public Stage {
 public:
  Qsgd(int levels, int dim) : levels_(levels), dim_(dim) {}

  bool is_source() const override { return false; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Qsgd>(*this); }
  core::Json describe() const override;
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override;

 private:
  int levels_;
  int dim_;
};

std::unique_ptr<Stage> make_qsgd(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
