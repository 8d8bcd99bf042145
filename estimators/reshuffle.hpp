#pragma once
// `reshuffle:b=B`: the next B examples of a per-epoch random permutation of the worker's shard
// (sampling WITHOUT replacement). Each epoch uses ⌊N/B⌋ batches; the N mod B examples left over
// wait for a later epoch. Biased given x within an epoch (the batch depends on what earlier
// steps used), unbiased averaged over an epoch. Stateful: the permutation and the position in it.

#include <vector>

#include "core/spec.hpp"
#include "estimators/stage.hpp"

namespace biasbound::estimators {

class Reshuffle final : public Stage {
 public:
  explicit Reshuffle(int batch) : batch_(static_cast<std::size_t>(batch)) {}

  bool is_source() const override { return true; }
  void apply(const Context& context, Message& message) override;
  std::unique_ptr<Stage> clone() const override { return std::make_unique<Reshuffle>(*this); }
  void reset() override { next_ = order_.size(); }
  core::Json describe() const override {
    return {{"stage", "reshuffle"}, {"b", batch_.size()}, {"replacement", false}};
  }
  StageConstants constants() const override;
  std::optional<double> message_bits(int dim) const override { return dense_bits(dim); }
  bool stateful() const override { return true; }

 private:
  void start_epoch(const Context& context);

  std::vector<int> batch_;
  std::vector<int> order_;  // this epoch's permutation of the shard
  std::size_t next_ = 0;    // position of the next batch in order_
};

std::unique_ptr<Stage> make_reshuffle(core::SpecReader& reader, const problems::Problem& problem);

}  // namespace biasbound::estimators
