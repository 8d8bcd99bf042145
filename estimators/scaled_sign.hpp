#pragma once
// `scaledsign`: C(v) = (‖v‖₁/d) sign(v). Deterministic; with δ(v) = ‖v‖₁²/(d‖v‖²) ≥ 1/d,
// ‖C(v) − v‖² = (1 − δ(v))‖v‖² when v has no zero coordinate and is smaller otherwise, so it is
// a δ = 1/d contraction (approached by v = (1, ε, ..., ε)) with bias m = 1 − 1/d, ζ² = 0.

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class ScaledSign final : public Stage {
 public:
  explicit ScaledSign(int dim) : dim_(dim) {}

  bool is_source() const override { return false; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<ScaledSign>(*this); }
  core::Json describe() const override { return {{"stage", "scaledsign"}, {"d", dim_}}; }
  StageConstants constants() const override;
  /// One sign bit per coordinate plus the 32-bit scale ‖v‖₁/d.
  std::optional<double> message_bits(int dim) const override { return dim + 32.0; }

 private:
  int dim_;
};

std::unique_ptr<Stage> make_scaledsign(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
