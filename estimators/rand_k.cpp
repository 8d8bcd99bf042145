#include "estimators/rand_k.hpp"

#include <algorithm>
#include <numeric>

#include <boost/random/uniform_int_distribution.hpp>

#include "estimators/exact_constant.hpp"
#include "estimators/top_k.hpp"

namespace biasbound::estimators {

RandK::RandK(int k, int dim, bool scaled)
    : k_(k),
      dim_(dim),
      scaled_(scaled),
      indices_(static_cast<std::size_t>(dim)),
      kept_(static_cast<std::size_t>(k)) {}

void RandK::draw_subset(core::Rng& rng) {
  // Restart from the identity so the subset depends only on the random stream, not on what
  // earlier calls left in the buffer; then k steps of Fisher–Yates.
  std::iota(indices_.begin(), indices_.end(), 0);
  for (int j = 0; j < k_; ++j) {
    boost::random::uniform_int_distribution<int> pick(j, dim_ - 1);
    std::swap(indices_[static_cast<std::size_t>(j)], indices_[static_cast<std::size_t>(pick(rng))]);
  }
}

void RandK::apply(const Context& context, Message& message) {
  draw_subset(context.rng);
  message.support.assign(indices_.begin(), indices_.begin() + k_);
  std::sort(message.support.begin(), message.support.end());
  const double scale = scaled_ ? double(dim_) / k_ : 1.0;
  auto& v = message.values;
  for (int j = 0; j < k_; ++j)
    kept_[static_cast<std::size_t>(j)] = scale * v[message.support[static_cast<std::size_t>(j)]];
  v.setZero();
  for (int j = 0; j < k_; ++j)
    v[message.support[static_cast<std::size_t>(j)]] = kept_[static_cast<std::size_t>(j)];
  message.sparse = true;
}

StageConstants RandK::constants() const {
  const double ratio = double(k_) / dim_;
  if (scaled_) {
    auto c = unbiased_constants("unbiased; E|C(v)|^2 = (d/k)|v|^2, so alpha = d/k");
    c.alpha = 1 / ratio;
    c.alpha_exact = ratio_text(dim_, k_);
    return c;
  }
  StageConstants c;
  c.delta = ratio;
  c.delta_exact = ratio_text(k_, dim_);
  c.m = (1 - ratio) * (1 - ratio);
  c.zeta2 = 0.0;
  c.note =
      "E C(v) = (k/d) v, so bias m = (1 - k/d)^2 exactly; E|C(v) - v|^2 = (1 - k/d)|v|^2, "
      "a k/d contraction";
  return c;
}

std::unique_ptr<Stage> make_randk(core::SpecReader& r, const problems::Problem& problem) {
  const auto k_key = r.integer("k");
  const auto frac = r.number("frac");
  const bool scaled = r.boolean("scaled", false);
  r.finish();
  const int k = resolve_k(r, k_key, frac, problem.dim());
  return std::make_unique<RandK>(k, problem.dim(), scaled);
}

core::Json RandK::describe() const {
  return {{"stage", "randk"}, {"k", k_}, {"d", dim_}, {"scaled", scaled_}};
}

}  // namespace biasbound::estimators
