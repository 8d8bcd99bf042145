#pragma once
// `exact`: the worker's full-shard gradient ∇f_i(x). Unbiased with σ² = 0.

#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Exact final : public Stage {
 public:
  bool is_source() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Exact>(*this); }
  core::Json describe() const override { return {{"stage", "exact"}}; }
};

}  // namespace biasbound::estimators
