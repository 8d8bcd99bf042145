#pragma once
// `exact`: the worker's full-shard gradient ∇f_i(x). Unbiased with σ² = 0.

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Exact final : public Stage {
 public:
  bool is_source() const override { return true; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Exact>(*this); }
  core::Json describe() const override { return {{"stage", "exact"}}; }
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override { return dense_bits(dim); }
};

std::unique_ptr<Stage> make_exact(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
