#include "problems/logistic.hpp"

#include <fmt/format.h>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/memory.hpp"

namespace biasbound::problems {
namespace {

// log(1 + exp(t)) without overflow.
double softplus(double t) {
  return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));
}

// 1 / (1 + exp(−t)) without overflow.
double sigmoid(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1.0 + e);
}

// Rows per block of the dense kernel: a block (32 × d doubles) stays in L1/L2 between the
// forward product and the gradient accumulation, so the data streams from memory once.
constexpr Eigen::Index kRowBlock = 32;

// Largest d for which L comes from a dense d × d Gram matrix; above it, power iteration.
constexpr int kDenseGramMaxDim = 4096;
constexpr int kPowerIterations = 5000;

// Σ_j loss_j over rows [begin, end), accumulating Σ_j ∂loss_j/∂x into grad (when non-null).
double loss_sum(const DenseFeatures& a, const Vector& y, Eigen::Index begin, Eigen::Index end,
                ConstVectorRef x, VectorRef* grad) {
  Eigen::Matrix<double, kRowBlock, 1> z;
  double loss = 0;
  for (Eigen::Index r = begin; r < end; r += kRowBlock) {
    const Eigen::Index m = std::min(kRowBlock, end - r);
    auto rows = a.middleRows(r, m);
    auto zm = z.head(m);
    zm.noalias() = rows * x;
    for (Eigen::Index j = 0; j < m; ++j) {
      const double margin = y[r + j] * zm[j];
      loss += softplus(-margin);
      zm[j] = -y[r + j] * sigmoid(-margin);
    }
    if (grad) (*grad).noalias() += rows.transpose() * zm;
  }
  return loss;
}

double loss_sum(const SparseFeatures& a, const Vector& y, Eigen::Index begin, Eigen::Index end,
                ConstVectorRef x, VectorRef* grad) {
  double loss = 0;
  for (Eigen::Index r = begin; r < end; ++r) {
    double z = 0;
    for (SparseFeatures::InnerIterator it(a, r); it; ++it) z += it.value() * x[it.col()];
    const double margin = y[r] * z;
    loss += softplus(-margin);
    if (!grad) continue;
    const double coef = -y[r] * sigmoid(-margin);
    for (SparseFeatures::InnerIterator it(a, r); it; ++it) (*grad)[it.col()] += coef * it.value();
  }
  return loss;
}

// Loss of one row, accumulating its gradient into grad.
double row_loss(const DenseFeatures& a, const Vector& y, Eigen::Index r, ConstVectorRef x,
                VectorRef grad) {
  const double margin = y[r] * a.row(r).dot(x);
  grad.noalias() += (-y[r] * sigmoid(-margin)) * a.row(r).transpose();
  return softplus(-margin);
}

double row_loss(const SparseFeatures& a, const Vector& y, Eigen::Index r, ConstVectorRef x,
                VectorRef grad) {
  VectorRef* g = &grad;
  return loss_sum(a, y, r, r + 1, x, g);
}

struct Counts {
  double loss = 0;
  long long correct = 0;
};

Counts evaluate(const Dataset& data, ConstVectorRef x) {
  return std::visit(
      [&](const auto& a) {
        const Vector z = a * x;
        Counts c;
        for (Eigen::Index r = 0; r < z.size(); ++r) {
          c.loss += softplus(-data.labels[r] * z[r]);
          c.correct += (z[r] >= 0 ? 1.0 : -1.0) == data.labels[r];
        }
        return c;
      },
      data.features);
}

void check_finite(const Dataset& data) {
  const bool finite = std::visit(
      [](const auto& a) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, DenseFeatures>)
          return a.allFinite();
        else
          return Eigen::Map<const Vector>(a.valuePtr(), a.nonZeros()).allFinite();
      },
      data.features);
  if (!finite) throw core::input_error("data '{}' contains NaN or Inf values", data.source);
}

double stored_bytes(const Dataset& data) {
  return std::visit(
      [](const auto& a) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, DenseFeatures>)
          return double(a.rows()) * double(a.cols()) * sizeof(double);
        else
          return double(a.nonZeros()) * (sizeof(double) + sizeof(int)) +
                 double(a.rows() + 1) * sizeof(int);
      },
      data.features);
}

// A lower bound on what the problem and a method on it hold at once: the training rows twice
// (as given and in shard order), the test rows, what L needs (the d × d Gram matrix and one
// dense shard, or three d-vectors for power iteration) and the method's vectors (x, v and two
// means on the server; a message, an exact gradient and a gradient buffer per worker).
double memory_needed(const Dataset& train, const std::optional<Dataset>& test, int workers) {
  const double d = train.cols();
  const double largest_shard = std::ceil(double(train.rows()) / std::max(1, workers));
  const double for_L =
      d <= kDenseGramMaxDim ? (d * d + largest_shard * d) * sizeof(double) : 3 * d * sizeof(double);
  return 2 * stored_bytes(train) + (test ? stored_bytes(*test) : 0.0) + for_L +
         (3.0 * workers + 4) * d * sizeof(double);
}

double largest_magnitude(const Dataset& data) {
  return std::visit(
      [](const auto& a) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, DenseFeatures>)
          return a.size() ? a.cwiseAbs().maxCoeff() : 0.0;
        else
          return a.nonZeros()
                     ? Eigen::Map<const Vector>(a.valuePtr(), a.nonZeros()).cwiseAbs().maxCoeff()
                     : 0.0;
      },
      data.features);
}

}  // namespace

Logistic::Logistic(const Dataset& train, std::optional<Dataset> test,
                   const std::vector<std::vector<int>>& shards, double lambda,
                   core::Json description)
    : test_(std::move(test)), lambda_(lambda), description_(std::move(description)) {
  if (!(lambda >= 0))
    throw core::input_error("problem logistic: lambda must be >= 0, got {}", lambda);
  check_finite(train);
  if (train.cols() < 1)
    throw core::input_error("data '{}' has no features: nothing to learn from", train.source);
  core::require_memory(memory_needed(train, test_, static_cast<int>(shards.size())),
                       fmt::format("data '{}' with {} features, {} examples and {} workers",
                                   train.source, train.cols(), train.rows(), shards.size()));
  if (test_ && test_->rows() == 0) test_.reset();  // no test examples: no test metrics
  if (test_) {
    check_finite(*test_);
    if (test_->cols() != train.cols())
      throw core::input_error("test data '{}' has {} features, training data '{}' has {}",
                              test_->source, test_->cols(), train.source, train.cols());
  }
  std::vector<int> order;
  offsets_.push_back(0);
  for (const auto& shard : shards) {
    if (shard.empty()) throw core::input_error("problem logistic: a worker received no examples");
    order.insert(order.end(), shard.begin(), shard.end());
    offsets_.push_back(static_cast<int>(order.size()));
  }
  train_ = train.select_rows(order);
  L_ = smoothness();
  check_arithmetic();
}

// Finite entries can still overflow: with values near 1e308 the gradient sums and the Gram
// matrix leave the doubles, and every run would diverge at its first step.
void Logistic::check_arithmetic() const {
  Vector grad(dim());
  const double f = value_gradient(*this, initial_point(), grad);
  const char* broken = !std::isfinite(L_)  ? "its smoothness constant L"
                       : !std::isfinite(f) ? "f(x0)"
                       : !grad.allFinite() ? "the gradient at x0"
                                           : nullptr;
  if (!broken) return;
  throw core::input_error(
      "data '{}' holds values too large for double arithmetic (largest |value| {:g}): {} is not "
      "finite; rescale the features",
      train_.source, largest_magnitude(train_), broken);
}

int Logistic::worker_examples(int worker) const {
  return offsets_[static_cast<std::size_t>(worker) + 1] -
         offsets_[static_cast<std::size_t>(worker)];
}

double Logistic::worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const {
  const Eigen::Index begin = offsets_[static_cast<std::size_t>(worker)];
  const double count = worker_examples(worker);
  grad.setZero();
  VectorRef* g = &grad;
  const double loss = std::visit(
      [&](const auto& a) {
        return loss_sum(a, train_.labels, begin, begin + Eigen::Index(count), x, g);
      },
      train_.features);
  grad = grad / count + lambda_ * x;
  return loss / count + 0.5 * lambda_ * x.squaredNorm();
}

double Logistic::worker_value(int worker, ConstVectorRef x) const {
  const Eigen::Index begin = offsets_[static_cast<std::size_t>(worker)];
  const double count = worker_examples(worker);
  const double loss = std::visit(
      [&](const auto& a) {
        return loss_sum(a, train_.labels, begin, begin + Eigen::Index(count), x, nullptr);
      },
      train_.features);
  return loss / count + 0.5 * lambda_ * x.squaredNorm();
}

void Logistic::worker_batch_gradient(int worker, std::span<const int> batch, ConstVectorRef x,
                                     VectorRef grad) const {
  const Eigen::Index begin = offsets_[static_cast<std::size_t>(worker)];
  grad.setZero();
  std::visit(
      [&](const auto& a) {
        for (int j : batch) row_loss(a, train_.labels, begin + j, x, grad);
      },
      train_.features);
  grad = grad / static_cast<double>(batch.size()) + lambda_ * x;
}

// L = λ_max(Σ_i AᵢᵀAᵢ/(n Nᵢ))/4 + λ: the logistic loss has curvature at most 1/4.
// Small d: exact dense eigendecomposition of the weighted Gram matrix. Large (sparse) d: power
// iteration on Gram-vector products, which approaches λ_max from below (stated in the note).
double Logistic::smoothness() {
  const int d = dim();
  auto weight = [&](int i) { return 1.0 / (double(workers()) * worker_examples(i)); };
  if (d <= kDenseGramMaxDim) {
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(d, d);
    for (int i = 0; i < workers(); ++i) {
      std::visit(
          [&](const auto& a) {
            const Eigen::MatrixXd block =
                a.middleRows(offsets_[static_cast<std::size_t>(i)], worker_examples(i));
            gram.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose(), weight(i));
          },
          train_.features);
    }
    L_method_ = "dense eigendecomposition";
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
    return solver.eigenvalues().maxCoeff() / 4.0 + lambda_;
  }
  Vector v = Vector::Ones(d).normalized();
  Vector next(d);
  double eigenvalue = 0;
  int iteration = 0;
  for (; iteration < kPowerIterations; ++iteration) {
    next.setZero();
    for (int i = 0; i < workers(); ++i) {
      std::visit(
          [&](const auto& a) {
            auto block = a.middleRows(offsets_[static_cast<std::size_t>(i)], worker_examples(i));
            next.noalias() += weight(i) * (block.transpose() * (block * v));
          },
          train_.features);
    }
    const double estimate = v.dot(next);
    v = next.normalized();
    if (std::abs(estimate - eigenvalue) <= 1e-10 * estimate) {
      eigenvalue = estimate;
      break;
    }
    eigenvalue = estimate;
  }
  L_method_ =
      fmt::format("power iteration ({} steps, lower estimate of lambda_max)", iteration + 1);
  return eigenvalue / 4.0 + lambda_;
}

AnalyticConstants Logistic::constants() const {
  AnalyticConstants c;
  c.L = L_;
  if (lambda_ > 0) c.mu = lambda_;
  c.note = fmt::format(
      "L = lambda_max(sum_i A_i^T A_i / (n N_i)) / 4 + lambda, lambda_max by {}; mu = lambda is "
      "a lower bound (l2 term); f* has no closed form",
      L_method_);
  return c;
}

std::optional<ClassificationMetrics> Logistic::classification_metrics(ConstVectorRef x) const {
  ClassificationMetrics m;
  const auto train = evaluate(train_, x);
  m.train_loss = train.loss / train_.rows();
  m.train_accuracy = double(train.correct) / train_.rows();
  if (test_) {
    const auto test = evaluate(*test_, x);
    m.test_loss = test.loss / test_->rows();
    m.test_accuracy = double(test.correct) / test_->rows();
  }
  return m;
}

core::Json Logistic::describe() const {
  auto out = description_;
  out["examples"] = train_.rows();
  out["features"] = dim();
  out["test_examples"] = test_ ? test_->rows() : 0;
  out["workers"] = workers();
  int smallest = worker_examples(0);
  int largest = smallest;
  for (int i = 1; i < workers(); ++i) {
    smallest = std::min(smallest, worker_examples(i));
    largest = std::max(largest, worker_examples(i));
  }
  out["shard_examples_min"] = smallest;
  out["shard_examples_max"] = largest;
  return out;
}

}  // namespace biasbound::problems
