#pragma once
// `clipvalue:c=C`: clamp every coordinate to [−C, C]. Biased, with no closed-form constants:
// m and ζ² are measured. Keeps its input's encoding.

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class ClipValue final : public Stage {
 public:
  explicit ClipValue(double bound) : bound_(bound) {}

  bool is_source() const override { return false; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<ClipValue>(*this); }
  core::Json describe() const override { return {{"stage", "clipvalue"}, {"c", bound_}}; }
  StageConstants constants() const override;

 private:
  double bound_;
};

std::unique_ptr<Stage> make_clipvalue(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
