#include "estimators/top_k.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace biasbound::estimators {

TopK::TopK(int k, int dim)
    : k_(k), dim_(dim), order_(static_cast<std::size_t>(dim)), kept_(static_cast<std::size_t>(k)) {}

void TopK::select(Eigen::Ref<Eigen::VectorXd> v, int k, std::vector<int>& order,
                  std::vector<int>& support, std::vector<double>& kept) {
  // NaN sorts as the largest magnitude so the comparison stays a strict weak order and a
  // diverging run is passed on (and detected) rather than hidden.
  auto magnitude = [&](int i) {
    const double a = std::abs(v[i]);
    return std::isnan(a) ? std::numeric_limits<double>::infinity() : a;
  };
  std::iota(order.begin(), order.end(), 0);
  std::nth_element(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
    const double ma = magnitude(a), mb = magnitude(b);
    return ma > mb || (ma == mb && a < b);
  });
  support.assign(order.begin(), order.begin() + k);
  std::sort(support.begin(), support.end());
  for (int j = 0; j < k; ++j)
    kept[static_cast<std::size_t>(j)] = v[support[static_cast<std::size_t>(j)]];
  v.setZero();
  for (int j = 0; j < k; ++j)
    v[support[static_cast<std::size_t>(j)]] = kept[static_cast<std::size_t>(j)];
}

void TopK::apply(const Context&, Message& message) {
  select(message.values, k_, order_, message.support, kept_);
  message.sparse = true;
  message.bits = sparse_bits(k_, dim_);
}

core::Json TopK::describe() const {
  return {{"stage", "topk"}, {"k", k_}, {"d", dim_}, {"delta", double(k_) / dim_}};
}

}  // namespace biasbound::estimators
