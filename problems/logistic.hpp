#pragma once
// Binary ℓ2-regularised logistic regression:
//   f_i(x) = (1/N_i) Σ_{j ∈ shard i} log(1 + exp(−y_j a_jᵀx)) + (λ/2)‖x‖².
// The training rows are stored shard by shard, so each worker reads one contiguous block.

#include <optional>
#include <vector>

#include "problems/dataset.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

class Logistic final : public Problem {
 public:
  /// `shards` lists each worker's row indices into `train`. `description` is the resolved spec.
  /// Data without features, with NaN/Inf, with values so large that f, its gradient or L
  /// overflow, or too large for the available memory are InputErrors naming the data.
  /// A test set without rows is dropped (no test metrics rather than 0/0).
  Logistic(const Dataset& train, std::optional<Dataset> test,
           const std::vector<std::vector<int>>& shards, double lambda, core::Json description);

  std::string name() const override { return "logistic"; }
  int dim() const override { return train_.cols(); }
  int workers() const override { return static_cast<int>(offsets_.size()) - 1; }
  double worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const override;
  double worker_value(int worker, ConstVectorRef x) const override;
  int worker_examples(int worker) const override;
  void worker_batch_gradient(int worker, std::span<const int> batch, ConstVectorRef x,
                             VectorRef grad) const override;
  AnalyticConstants constants() const override;
  std::optional<ClassificationMetrics> classification_metrics(ConstVectorRef x) const override;
  core::Json describe() const override;

  /// The training data, reordered shard by shard.
  const Dataset& train() const { return train_; }

 private:
  double smoothness();
  void check_arithmetic() const;

  Dataset train_;
  std::optional<Dataset> test_;
  std::vector<int> offsets_;  // worker i owns rows [offsets_[i], offsets_[i+1])
  double lambda_;
  double L_;
  std::string L_method_;
  core::Json description_;
};

}  // namespace biasbound::problems
