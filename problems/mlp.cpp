#include "problems/mlp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/random/uniform_real_distribution.hpp>
#include <climits>
#include <cmath>
#include <limits>
#include <type_traits>

#include "core/error.hpp"
#include "core/memory.hpp"
#include "core/rng.hpp"

namespace biasbound::problems {
namespace {

template <typename S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <typename S>
using Rows = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

// Examples per forward/backward block: the activations of a block (256 × 512 floats per layer)
// stay in L2 between the forward and the backward pass.
constexpr int kBlock = 256;

struct Pass {
  double loss = 0;  // Σ over rows of the cross-entropy
  long long correct = 0;
};

// The layers' views into a flat parameter (T = const S) or gradient (T = S) vector: layer l
// (1 … L) maps in → out with its weight stored as PyTorch stores it, out × in row-major, which
// is the in × out column-major matrix Wᵀ, so the forward pass is Z = A Wᵀ + 1bᵀ with A the
// B × in activations.
template <typename T>
class LayerViews {
  using S = std::remove_const_t<T>;
  using MatMap = Eigen::Map<std::conditional_t<std::is_const_v<T>, const Mat<S>, Mat<S>>>;
  using VecMap = Eigen::Map<std::conditional_t<std::is_const_v<T>, const Vec<S>, Vec<S>>>;

 public:
  LayerViews(const std::vector<int>& widths, const std::vector<long long>& offsets, T* base)
      : widths_(widths), offsets_(offsets), base_(base) {}
  MatMap weight_t(std::size_t l) const { return {base_ + offsets_[l], widths_[l - 1], widths_[l]}; }
  VecMap bias(std::size_t l) const {
    return {base_ + offsets_[l] + std::ptrdiff_t{widths_[l - 1]} * widths_[l], widths_[l]};
  }

 private:
  const std::vector<int>& widths_;
  const std::vector<long long>& offsets_;
  T* base_;
};

// Cross-entropy and argmax of each logit row; turns the logits into (softmax − onehot) · scale,
// the gradient of scale · Σ loss with respect to them, when `backward`.
template <typename S>
Pass softmax_cross_entropy(Mat<S>& z, const int* labels, double scale, bool backward) {
  Pass p;
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    Eigen::Index arg = 0;
    const double top = static_cast<double>(z.row(r).maxCoeff(&arg));
    // Σ_c exp(z_c − top) = 1 + rest: log1p(rest) keeps the digits of a small loss.
    double rest = 0;
    for (Eigen::Index c = 0; c < z.cols(); ++c)
      if (c != arg) rest += std::exp(double(z(r, c)) - top);
    const double sum = 1 + rest;
    const int y = labels[r];
    p.loss += std::log1p(rest) + (top - double(z(r, y)));
    p.correct += arg == y;
    if (!backward) continue;
    for (Eigen::Index c = 0; c < z.cols(); ++c)
      z(r, c) = static_cast<S>((std::exp(double(z(r, c)) - top) / sum - (c == y)) * scale);
  }
  return p;
}

// One block of examples: forward, loss, and (when grad) backward, accumulating
// scale · Σ ∂loss/∂x into grad.
template <typename S>
Pass block_pass(const std::vector<int>& widths, const std::vector<long long>& offsets,
                const S* params, const Eigen::Ref<const Rows<S>>& x_rows, const int* labels,
                double scale, S* grad) {
  const std::size_t L = widths.size() - 1;
  const LayerViews<const S> w(widths, offsets, params);
  std::vector<Mat<S>> a(L);  // a[l]: the activations after hidden layer l (1 ≤ l < L)
  Mat<S> z;
  for (std::size_t l = 1; l <= L; ++l) {
    if (l == 1)
      z.noalias() = x_rows * w.weight_t(l);
    else
      z.noalias() = a[l - 1] * w.weight_t(l);
    z.rowwise() += w.bias(l).transpose();
    if (l < L) a[l] = z.cwiseMax(S(0));
  }
  const Pass p = softmax_cross_entropy(z, labels, scale, grad != nullptr);
  if (!grad) return p;
  const LayerViews<S> g(widths, offsets, grad);
  for (std::size_t l = L; l >= 1; --l) {
    if (l == 1)
      g.weight_t(l).noalias() += x_rows.transpose() * z;
    else
      g.weight_t(l).noalias() += a[l - 1].transpose() * z;
    g.bias(l).noalias() += z.colwise().sum().transpose();
    if (l == 1) break;
    Mat<S> back = z * w.weight_t(l).transpose();
    z = back.cwiseProduct((a[l - 1].array() > S(0)).template cast<S>().matrix());
  }
  return p;
}

// Rows [begin, end) of `data` (all of them when `order` is empty) or the rows listed in
// `order`, block by block; the gradient of scale · Σ loss goes to grad (when non-null).
template <typename S>
Pass rows_pass(const std::vector<int>& widths, const std::vector<long long>& offsets,
               const S* params, const ClassDataset& data, int begin, int end,
               std::span<const int> order, double scale, S* grad) {
  Pass total;
  const int count = order.empty() ? end - begin : static_cast<int>(order.size());
  Rows<S> gathered;
  std::vector<int> labels;
  for (int start = 0; start < count; start += kBlock) {
    const int n = std::min(kBlock, count - start);
    const Pass p = [&] {
      if constexpr (std::is_same_v<S, float>)
        if (order.empty())  // the rows as stored, without a copy
          return block_pass<S>(widths, offsets, params, data.features.middleRows(begin + start, n),
                               data.labels.data() + begin + start, scale, grad);
      gathered.resize(n, data.cols());
      labels.resize(static_cast<std::size_t>(n));
      for (int j = 0; j < n; ++j) {
        const int row = order.empty() ? begin + start + j : order[std::size_t(start + j)];
        gathered.row(j) = data.features.row(row).template cast<S>();
        labels[std::size_t(j)] = data.labels[std::size_t(row)];
      }
      return block_pass<S>(widths, offsets, params, gathered, labels.data(), scale, grad);
    }();
    total.loss += p.loss;
    total.correct += p.correct;
  }
  return total;
}

struct Request {
  const ClassDataset* data;
  int begin, end;
  std::span<const int> order;  // non-empty: these rows instead of [begin, end)
};

// The summed cross-entropy over the request's rows; the gradient of its mean (without
// regulariser) to grad, when given. The float32 copies of x and of the gradient are each
// thread's own buffers, reused across calls: a fresh 2.7 MB pair per call of a 784-512-512-10
// network costs more in page faults than the conversions themselves.
Pass evaluate(const std::vector<int>& widths, const std::vector<long long>& offsets,
              MlpPrecision precision, const Request& r, ConstVectorRef x, VectorRef* grad) {
  const int count = r.order.empty() ? r.end - r.begin : static_cast<int>(r.order.size());
  const double scale = 1.0 / count;
  if (precision == MlpPrecision::kFloat64) {
    if (grad) grad->setZero();
    return rows_pass<double>(widths, offsets, x.data(), *r.data, r.begin, r.end, r.order, scale,
                             grad ? grad->data() : nullptr);
  }
  thread_local Eigen::VectorXf params, g;
  params = x.cast<float>();
  if (grad) g.setZero(x.size());
  auto p = rows_pass<float>(widths, offsets, params.data(), *r.data, r.begin, r.end, r.order, scale,
                            grad ? g.data() : nullptr);
  if (grad) *grad = g.cast<double>();
  return p;
}

void check_data(const ClassDataset& data, int inputs, std::string_view what) {
  if (data.cols() != inputs)
    throw core::input_error("mlp: {} data '{}' has {} features, the training data {}", what,
                            data.source, data.cols(), inputs);
  if (!data.features.allFinite())
    throw core::input_error("mlp: {} data '{}' holds a NaN or infinite feature", what, data.source);
  for (std::size_t r = 0; r < data.labels.size(); ++r)
    if (data.labels[r] < 0 || data.labels[r] >= data.classes)
      throw core::input_error("mlp: {} data '{}' row {} has label {}: expected 0 to {}", what,
                              data.source, r, data.labels[r], data.classes - 1);
}

}  // namespace

MlpPrecision parse_mlp_precision(std::string_view name) {
  if (name == "float32") return MlpPrecision::kFloat32;
  if (name == "float64") return MlpPrecision::kFloat64;
  throw core::input_error("unknown precision '{}' (accepted: float32, float64)", name);
}

std::string_view to_string(MlpPrecision precision) {
  return precision == MlpPrecision::kFloat32 ? "float32" : "float64";
}

Mlp::Mlp(const ClassDataset& train, std::optional<ClassDataset> test,
         const std::vector<std::vector<int>>& shards, MlpOptions options, core::Json description)
    : test_(std::move(test)), options_(std::move(options)), description_(std::move(description)) {
  if (train.rows() < 1) throw core::input_error("mlp: training data '{}' is empty", train.source);
  if (train.classes < 2)
    throw core::input_error("mlp: training data '{}' has {} classes: need at least 2", train.source,
                            train.classes);
  if (!(options_.lambda >= 0 && std::isfinite(options_.lambda)))
    throw core::input_error("mlp: lambda must be a finite number >= 0, got {}", options_.lambda);
  layers_.push_back(train.cols());
  for (int width : options_.hidden) {
    if (width < 1) throw core::input_error("mlp: hidden layer widths must be >= 1, got {}", width);
    layers_.push_back(width);
  }
  layers_.push_back(train.classes);
  long long d = 0;
  offsets_of_layer_.assign(1, 0);
  for (std::size_t l = 1; l < layers_.size(); ++l) {
    offsets_of_layer_.push_back(d);
    d += (static_cast<long long>(layers_[l - 1]) + 1) * layers_[l];
  }
  if (d > INT_MAX)
    throw core::input_error("mlp: {} parameters exceed the {} a problem can have", d, INT_MAX);
  dim_ = static_cast<int>(d);
  check_data(train, train.cols(), "training");
  if (test_) {
    if (test_->classes != train.classes)
      throw core::input_error("mlp: test data '{}' has {} classes, the training data {}",
                              test_->source, test_->classes, train.classes);
    check_data(*test_, train.cols(), "test");
    if (test_->rows() == 0) test_.reset();
  }
  core::require_memory(double(train.rows()) * train.cols() * sizeof(float),
                       fmt::format("mlp: the training data in shard order ({} × {} floats)",
                                   train.rows(), train.cols()));
  std::vector<int> order;
  offsets_.push_back(0);
  for (std::size_t w = 0; w < shards.size(); ++w) {
    if (shards[w].empty())
      throw core::input_error("mlp: worker {} has no training examples ({} rows for {} workers)", w,
                              train.rows(), shards.size());
    order.insert(order.end(), shards[w].begin(), shards[w].end());
    offsets_.push_back(static_cast<int>(order.size()));
  }
  train_ = train.select_rows(order);
}

Vector Mlp::seeded_initial_point(std::uint64_t seed) const {
  auto rng = core::make_stream(seed, core::StreamPurpose::kInit);
  Vector x(dim_);
  for (std::size_t l = 1; l < layers_.size(); ++l) {
    const double bound = 1.0 / std::sqrt(double(layers_[l - 1]));
    boost::random::uniform_real_distribution<double> uniform(-bound, bound);
    const long long size = (static_cast<long long>(layers_[l - 1]) + 1) * layers_[l];
    for (long long i = 0; i < size; ++i) x[offsets_of_layer_[l] + i] = uniform(rng);
  }
  return x;
}

double Mlp::worker_value_gradient(int worker, ConstVectorRef x, VectorRef grad) const {
  ShardCounts counts;
  return worker_pass(worker, x, grad, counts);
}

double Mlp::worker_pass(int worker, ConstVectorRef x, VectorRef grad, ShardCounts& counts) const {
  const auto w = static_cast<std::size_t>(worker);
  const auto p = evaluate(layers_, offsets_of_layer_, options_.precision,
                          {&train_, offsets_[w], offsets_[w + 1], {}}, x, &grad);
  if (options_.lambda != 0) grad += options_.lambda * x;
  counts = {p.loss, p.correct, offsets_[w + 1] - offsets_[w]};
  return p.loss / counts.examples + 0.5 * options_.lambda * x.squaredNorm();
}

double Mlp::worker_value(int worker, ConstVectorRef x) const {
  const auto w = static_cast<std::size_t>(worker);
  const auto p = evaluate(layers_, offsets_of_layer_, options_.precision,
                          {&train_, offsets_[w], offsets_[w + 1], {}}, x, nullptr);
  return p.loss / (offsets_[w + 1] - offsets_[w]) + 0.5 * options_.lambda * x.squaredNorm();
}

int Mlp::worker_examples(int worker) const {
  return offsets_[std::size_t(worker) + 1] - offsets_[std::size_t(worker)];
}

void Mlp::worker_batch_gradient(int worker, std::span<const int> batch, ConstVectorRef x,
                                VectorRef grad) const {
  std::vector<int> rows(batch.begin(), batch.end());
  for (auto& r : rows) r += offsets_[std::size_t(worker)];
  evaluate(layers_, offsets_of_layer_, options_.precision, {&train_, 0, 0, rows}, x, &grad);
  if (options_.lambda != 0) grad += options_.lambda * x;
}

AnalyticConstants Mlp::constants() const {
  AnalyticConstants c;
  c.nonconvex = layers_.size() > 2;
  c.f_lower = 0.0;
  if (options_.precision == MlpPrecision::kFloat32)
    c.gradient_epsilon = std::numeric_limits<float>::epsilon();
  c.note =
      "mlp: no closed-form L or f* (L is local); cross-entropy and the ℓ2 term are >= 0, so "
      "f >= 0 and f(x0) − 0 bounds F0 = f(x0) − f* from above";
  return c;
}

std::optional<ClassificationMetrics> Mlp::classification_metrics(ConstVectorRef x) const {
  const auto on = [&](const ClassDataset& data) {
    return evaluate(layers_, offsets_of_layer_, options_.precision, {&data, 0, data.rows(), {}}, x,
                    nullptr);
  };
  ClassificationMetrics m;
  const auto train = on(train_);
  m.train_loss = train.loss / train_.rows();
  m.train_accuracy = double(train.correct) / train_.rows();
  if (test_) {
    const auto test = on(*test_);
    m.test_loss = test.loss / test_->rows();
    m.test_accuracy = double(test.correct) / test_->rows();
  }
  return m;
}

std::optional<HeldOutMetrics> Mlp::test_metrics(ConstVectorRef x) const {
  if (!test_) return std::nullopt;
  const auto test = evaluate(layers_, offsets_of_layer_, options_.precision,
                             {&*test_, 0, test_->rows(), {}}, x, nullptr);
  return HeldOutMetrics{test.loss / test_->rows(), double(test.correct) / test_->rows()};
}

core::Json Mlp::describe() const {
  auto j = description_;
  j["name"] = name();
  j["layers"] = layers_;
  j["parameters"] = dim_;
  j["lambda"] = options_.lambda;
  j["precision"] = to_string(options_.precision);
  j["train_examples"] = train_.rows();
  j["test_examples"] = test_ ? test_->rows() : 0;
  j["source"] = train_.source;
  return j;
}

}  // namespace biasbound::problems
