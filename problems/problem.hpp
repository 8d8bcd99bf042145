#pragma once
// The objective f = (1/n) Σ_i f_i over n workers, as the methods and estimators see it.

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "core/json_io.hpp"

namespace biasbound::problems {

using Vector = Eigen::VectorXd;
using VectorRef = Eigen::Ref<Eigen::VectorXd>;
using ConstVectorRef = Eigen::Ref<const Eigen::VectorXd>;

/// Constants known in closed form (or computed exactly) for a problem; absent when unknown.
struct AnalyticConstants {
  std::optional<double> L;       // smoothness of f
  std::optional<double> mu;      // strong-convexity (hence PL) constant, or a lower bound on it
  std::optional<double> f_star;  // inf f
  std::optional<Vector> x_star;  // the minimiser
  std::string note;              // how each was obtained
  bool nonconvex = false;        // f may have local minima: a numerical minimiser is not f*
  // A known lower bound on f (a loss that is >= 0): where f* is unknown, f(x₀) − f_lower is an
  // upper bound on F₀ = f(x₀) − f*, which is what a bound needs.
  std::optional<double> f_lower{};
  // The unit roundoff of the gradient's arithmetic (float32 networks: FLT_EPSILON), which
  // sets the step of finite-difference Hessian-vector products.
  double gradient_epsilon = std::numeric_limits<double>::epsilon();
};

/// What a worker's gradient pass counts over its shard besides f_i and ∇f_i, so the trace's
/// train metrics need no second pass over the training set (classification problems).
struct ShardCounts {
  double loss_sum = 0;    // the data loss summed over the shard's examples, no regulariser
  long long correct = 0;  // examples classified correctly
  long long examples = 0;

  ShardCounts& operator+=(const ShardCounts& other) {
    loss_sum += other.loss_sum;
    correct += other.correct;
    examples += other.examples;
    return *this;
  }
};

/// Loss and accuracy on a held-out test set.
struct HeldOutMetrics {
  double loss = 0;
  double accuracy = 0;
};

struct ClassificationMetrics {
  double train_loss = 0;  // mean loss over the training set, without regulariser
  double train_accuracy = 0;
  std::optional<double> test_loss;
  std::optional<double> test_accuracy;
};

class Problem {
 public:
  virtual ~Problem() = default;

  virtual std::string name() const = 0;
  virtual int dim() const = 0;
  virtual int workers() const = 0;
  virtual Vector initial_point() const { return Vector::Zero(dim()); }
  /// x₀ of the run with this seed. A problem whose x₀ is drawn (a network's weights, as
  /// PyTorch initialises them) draws it from the seed, and its initial_point() is seed 1's;
  /// the others start every seed at initial_point().
  virtual Vector seeded_initial_point(std::uint64_t /*seed*/) const { return initial_point(); }

  /// Returns f_i(x) and writes ∇f_i(x) to grad, in one pass over worker i's data. Thread-safe.
  virtual double worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const = 0;
  virtual double worker_value(int worker, ConstVectorRef x) const = 0;

  /// Examples in worker i's shard; 0 when f_i is not a finite sum (no sampling possible).
  virtual int worker_examples(int /*worker*/) const { return 0; }
  /// Mean gradient of the examples at local indices `batch` of worker i's shard, plus any
  /// regulariser: unbiased for ∇f_i(x) when the indices are uniform. Thread-safe.
  virtual void worker_batch_gradient(int worker, std::span<const int> batch, ConstVectorRef x,
                                     VectorRef grad) const;

  virtual AnalyticConstants constants() const = 0;
  virtual std::optional<ClassificationMetrics> classification_metrics(ConstVectorRef /*x*/) const {
    return std::nullopt;
  }
  /// worker_value_gradient that also fills `counts` from the same pass, when
  /// reports_shard_counts(); the default computes no counts (examples = 0).
  virtual double worker_pass(int worker, ConstVectorRef x, VectorRef grad,
                             ShardCounts& counts) const {
    counts = {};
    return worker_value_gradient(worker, x, grad);
  }
  virtual bool reports_shard_counts() const { return false; }
  /// The test part of classification_metrics alone (a problem with a cheaper way overrides it).
  virtual std::optional<HeldOutMetrics> test_metrics(ConstVectorRef x) const;
  /// The fully resolved configuration, for run.json.
  virtual core::Json describe() const = 0;
};

/// f(x) = (1/n) Σ_i f_i(x), writing ∇f(x) to grad.
double value_gradient(const Problem& problem, ConstVectorRef x, VectorRef grad);
double value(const Problem& problem, ConstVectorRef x);

}  // namespace biasbound::problems
