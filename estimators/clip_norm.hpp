#pragma once
// `clip:tau=T`: C(v) = min(1, T/‖v‖) v, rescaling v onto the ball of radius T when it lies
// outside. Biased; its analytic constants need G = sup ‖v‖, which has no closed form here, so
// they are stated in the note and m, ζ² are measured. Keeps its input's encoding.

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class ClipNorm final : public Stage {
 public:
  explicit ClipNorm(double tau) : tau_(tau) {}

  bool is_source() const override { return false; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<ClipNorm>(*this); }
  core::Json describe() const override { return {{"stage", "clip"}, {"tau", tau_}}; }
  StageConstants constants() const override;

 private:
  double tau_;
};

std::unique_ptr<Stage> make_clip(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
