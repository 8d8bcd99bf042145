#include "estimators/top_k.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <functional>

#include "core/error.hpp"

namespace biasbound::estimators {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double magnitude(double value) {
  const double a = std::abs(value);
  return std::isnan(a) ? kInfinity : a;
}

}  // namespace

TopK::TopK(int k, int dim)
    : k_(k), dim_(dim), magnitudes_(static_cast<std::size_t>(dim)), kept_(static_cast<std::size_t>(k)) {}

void TopK::select(Eigen::Ref<Eigen::VectorXd> v, int k, std::vector<double>& magnitudes,
                  std::vector<int>& support, std::vector<double>& kept) {
  // NaN counts as the largest magnitude so the selection stays a strict weak order and a
  // diverging run is passed on (and detected) rather than hidden.
  const auto d = static_cast<int>(v.size());
  for (int i = 0; i < d; ++i) magnitudes[static_cast<std::size_t>(i)] = magnitude(v[i]);
  // The k-th largest magnitude t, found on the values alone (no index indirection): keep every
  // |v_i| > t, then the |v_i| = t in index order until k are kept.
  const auto kth = magnitudes.begin() + (k - 1);
  std::nth_element(magnitudes.begin(), kth, magnitudes.end(), std::greater<>());
  const double threshold = *kth;
  int above = 0;
  for (int i = 0; i < d; ++i) above += magnitude(v[i]) > threshold;
  int ties_left = k - above;
  support.clear();
  for (int i = 0; i < d; ++i) {
    const double m = magnitude(v[i]);
    if (m > threshold || (m == threshold && ties_left-- > 0)) support.push_back(i);
  }
  for (int j = 0; j < k; ++j)
    kept[static_cast<std::size_t>(j)] = v[support[static_cast<std::size_t>(j)]];
  v.setZero();
  for (int j = 0; j < k; ++j)
    v[support[static_cast<std::size_t>(j)]] = kept[static_cast<std::size_t>(j)];
}

void TopK::apply(const Context&, Message& message) {
  select(message.values, k_, magnitudes_, message.support, kept_);
  message.sparse = true;
}

StageConstants TopK::constants() const {
  StageConstants c;
  c.delta = double(k_) / dim_;
  c.m = 1 - *c.delta;
  c.zeta2 = 0.0;
  c.note =
      "deterministic k/d contraction; bias m <= 1 - k/d for exact input; with noisy input "
      "m = 1 - k/d, zeta^2 = (1 - k/d) sigma^2";
  return c;
}

int resolve_k(const core::SpecReader& r, std::optional<long long> k, std::optional<double> frac,
              int d) {
  if (k.has_value() == frac.has_value())
    throw core::input_error("{}: give exactly one of k=COUNT or frac=FRACTION", r.where());
  if (frac && !(*frac > 0 && *frac <= 1))
    throw core::input_error("{}: frac must be in (0, 1], got {}", r.where(), *frac);
  const long long count = k ? *k : std::max(1LL, std::llround(*frac * d));
  if (count < 1 || count > d)
    throw core::input_error("{}: k must be in [1, d] = [1, {}], got {}", r.where(), d, count);
  return static_cast<int>(count);
}

std::unique_ptr<Stage> make_topk(core::SpecReader& r, const problems::Problem& problem) {
  const auto k_key = r.integer("k");
  const auto frac = r.number("frac");
  r.finish();
  const int k = resolve_k(r, k_key, frac, problem.dim());
  return std::make_unique<TopK>(k, problem.dim());
}

core::Json TopK::describe() const {
  return {{"stage", "topk"}, {"k", k_}, {"d", dim_}, {"delta", double(k_) / dim_}};
}

}  // namespace biasbound::estimators
