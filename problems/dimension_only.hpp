#pragma once
// A problem that is only a dimension and a worker count: what a compressor spec needs to be read
// (k ≤ d, frac → k) where there is no data, as in `biasbound check --compressor`. Asking it for
// a value or a gradient is a logic error.

#include "problems/problem.hpp"

namespace biasbound::problems {

class DimensionOnly final : public Problem {
 public:
  /// Throws core::InputError naming --d or --workers when dim or workers is below 1.
  DimensionOnly(int dim, int workers);

  std::string name() const override { return "dimension-only"; }
  int dim() const override { return dim_; }
  int workers() const override { return workers_; }
  double worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const override;
  double worker_value(int worker, ConstVectorRef x) const override;
  AnalyticConstants constants() const override { return {}; }
  core::Json describe() const override;

 private:
  int dim_;
  int workers_;
};

}  // namespace biasbound::problems
