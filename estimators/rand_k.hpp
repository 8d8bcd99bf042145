#pragma once
// `randk:k=K` or `randk:frac=F`, optional `scaled=true|false` (default false): keep K coordinates
// chosen uniformly without replacement, zero the rest; `scaled=true` multiplies the kept ones by
// d/K. Unscaled, E C(v) = (k/d) v: a biased k/d contraction with bias m = (1 − k/d)² exactly.
// Scaled, it is an unbiased compressor with α = d/k.

#include <vector>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class RandK final : public Stage {
 public:
  RandK(int k, int dim, bool scaled);

  bool is_source() const override { return false; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<RandK>(*this); }
  core::Json describe() const override;
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override { return sparse_bits(k_, dim); }

 private:
  /// Leaves a uniform random k-subset of {0, ..., d − 1} in indices_[0, k).
  void draw_subset(core::Rng& rng);

  int k_;
  int dim_;
  bool scaled_;
  std::vector<int> indices_;  // a permutation of 0..d−1, partially shuffled each call
  std::vector<double> kept_;
};

std::unique_ptr<Stage> make_randk(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
