#pragma once
// `sign`: C(v)_i = sign(v_i), with sign(0) = 0. The output norm is √(nnz(v)) whatever the scale
// of v, so sign is neither a contraction nor an unbiased compressor: its bias is measured only.

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

/// ±1 for nonzero x; x itself for ±0 and NaN, so zeros stay zero and NaN is passed on.
inline double sign_of(double x) {
  return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
}

class Sign final : public Stage {
 public:
  bool is_source() const override { return false; }
  bool deterministic() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Sign>(*this); }
  core::Json describe() const override { return {{"stage", "sign"}}; }
  StageConstants constants() const override;
  /// One bit per coordinate.
  std::optional<double> message_bits(int dim) const override { return double(dim); }
};

std::unique_ptr<Stage> make_sign(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
