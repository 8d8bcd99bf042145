#pragma once
// A fully connected ReLU network with softmax cross-entropy, the seed paper's model:
//   f_i(x) = (1/N_i) Σ_{j ∈ shard i} −log softmax(net_x(a_j))_{y_j} + (λ/2)‖x‖².
// x is one flat vector, layer by layer: the weight as PyTorch stores it (out × in, row-major),
// then the bias. Forward and backward passes run in float32 with Eigen GEMMs, as the paper's
// PyTorch runs do, with the loss summed in double; MlpPrecision::kFloat64 runs the same code in
// double (for gradient checks). Each call is single-threaded, so the methods' worker-parallel
// rounds give the same traces for every thread count. Without hidden layers the model is
// multinomial logistic regression (convex).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "problems/class_dataset.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

enum class MlpPrecision { kFloat32, kFloat64 };

MlpPrecision parse_mlp_precision(std::string_view name);
std::string_view to_string(MlpPrecision precision);

struct MlpOptions {
  std::vector<int> hidden{};  // widths of the hidden layers; empty: multinomial logistic
  double lambda = 0;          // ℓ2 weight on every parameter
  MlpPrecision precision = MlpPrecision::kFloat32;
};

class Mlp final : public Problem {
 public:
  /// `shards` lists each worker's row indices into `train`; `description` is the resolved spec.
  /// Data with non-finite features or labels outside [0, classes), empty shards, impossible
  /// options and sizes that do not fit in memory are InputErrors naming them.
  Mlp(const ClassDataset& train, std::optional<ClassDataset> test,
      const std::vector<std::vector<int>>& shards, MlpOptions options, core::Json description);

  std::string name() const override { return "mlp"; }
  int dim() const override { return dim_; }
  int workers() const override { return static_cast<int>(offsets_.size()) - 1; }
  /// PyTorch's nn.Linear default: every weight and bias uniform in ±1/√fan_in, drawn from the
  /// seed; initial_point() is seed 1's.
  Vector seeded_initial_point(std::uint64_t seed) const override;
  Vector initial_point() const override { return seeded_initial_point(1); }
  double worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const override;
  double worker_value(int worker, ConstVectorRef x) const override;
  int worker_examples(int worker) const override;
  void worker_batch_gradient(int worker, std::span<const int> batch, ConstVectorRef x,
                             VectorRef grad) const override;
  /// Nothing in closed form: L is local and f* unknown (0 bounds the cross-entropy below).
  AnalyticConstants constants() const override;
  std::optional<ClassificationMetrics> classification_metrics(ConstVectorRef x) const override;
  /// The gradient pass also counts the shard's loss and correct predictions.
  double worker_pass(int worker, ConstVectorRef x, VectorRef grad,
                     ShardCounts& counts) const override;
  bool reports_shard_counts() const override { return true; }
  std::optional<HeldOutMetrics> test_metrics(ConstVectorRef x) const override;
  core::Json describe() const override;

  /// Widths from input to output: {784, 512, 512, 10} for the paper's network.
  const std::vector<int>& layers() const { return layers_; }

 private:
  ClassDataset train_;
  std::optional<ClassDataset> test_;
  std::vector<int> offsets_;  // worker i owns rows [offsets_[i], offsets_[i+1]) of train_
  std::vector<int> layers_;
  std::vector<long long> offsets_of_layer_;  // where layer l's weight starts in x (l ≥ 1)
  int dim_ = 0;
  MlpOptions options_;
  core::Json description_;
};

}  // namespace biasbound::problems
