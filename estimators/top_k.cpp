#include "estimators/top_k.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "estimators/exact_constant.hpp"

namespace biasbound::estimators {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::size_t kSampleSize = 1024;

// NaN counts as the largest magnitude so the selection stays a strict weak order and a
// diverging run is passed on (and detected) rather than hidden.
double magnitude(double value) {
  const double a = std::abs(value);
  return std::isnan(a) ? kInfinity : a;
}

// A threshold a little below the k-th largest magnitude, from a strided sample of v: every
// magnitude at or above the true k-th largest is then (almost always) a candidate, and the
// exact selection runs on about k plus a few standard errors of candidates instead of d values.
// Returns 0 (everything is a candidate) when the sample is too small to help.
double candidate_threshold(Eigen::Ref<const Eigen::VectorXd> v, int k,
                           std::vector<double>& sample) {
  const auto d = static_cast<std::size_t>(v.size());
  if (d < 4 * kSampleSize || 4 * static_cast<std::size_t>(k) > d) return 0.0;
  const std::size_t stride = d / kSampleSize;
  for (std::size_t j = 0; j < kSampleSize; ++j)
    sample[j] = magnitude(v[static_cast<Eigen::Index>(j * stride)]);
  // Rank of k/d in the sample plus 4 standard errors of a binomial count and 4: a miss (the
  // k-th largest below the threshold) only costs the fallback to all d values.
  const double p = static_cast<double>(k) / static_cast<double>(d);
  const double expected = static_cast<double>(kSampleSize) * p;
  const auto rank = std::min<std::size_t>(
      kSampleSize - 1, static_cast<std::size_t>(expected + 4 * std::sqrt(expected * (1 - p)) + 4));
  std::nth_element(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(rank), sample.end(),
                   std::greater<>());
  return sample[rank];
}

}  // namespace

TopK::TopK(int k, int dim) : k_(k), dim_(dim), scratch_(dim), kept_(static_cast<std::size_t>(k)) {}

void TopK::select(Eigen::Ref<Eigen::VectorXd> v, int k, Scratch& scratch, std::vector<int>& support,
                  std::vector<double>& kept) {
  const auto d = static_cast<int>(v.size());
  // Candidates and their magnitudes in index order, in one pass: branch-free append, then
  // fall back to all if too few.
  auto& candidates = scratch.candidates;
  auto& magnitudes = scratch.magnitudes;
  const double floor = candidate_threshold(v, k, scratch.sample);
  std::size_t count = 0;
  for (int i = 0; i < d; ++i) {
    const double m = magnitude(v[i]);
    candidates[count] = i;
    magnitudes[count] = m;
    count += m >= floor;
  }
  if (count < static_cast<std::size_t>(k)) {
    for (int i = 0; i < d; ++i) {
      candidates[static_cast<std::size_t>(i)] = i;
      magnitudes[static_cast<std::size_t>(i)] = magnitude(v[i]);
    }
    count = static_cast<std::size_t>(d);
  }

  // The exact k-th largest magnitude t among the candidates; keep every magnitude > t, then the
  // magnitudes = t in index order until k are kept.
  auto& values = scratch.values;
  std::copy_n(magnitudes.begin(), count, values.begin());
  const auto kth = values.begin() + (k - 1);
  std::nth_element(values.begin(), kth, values.begin() + static_cast<std::ptrdiff_t>(count),
                   std::greater<>());
  const double threshold = *kth;
  int ties_left = k;
  for (std::size_t j = 0; j < count; ++j) ties_left -= magnitudes[j] > threshold;
  support.clear();
  for (std::size_t j = 0; j < count; ++j) {
    const double m = magnitudes[j];
    if (m > threshold || (m == threshold && ties_left-- > 0)) support.push_back(candidates[j]);
  }
  for (int j = 0; j < k; ++j)
    kept[static_cast<std::size_t>(j)] = v[support[static_cast<std::size_t>(j)]];
  v.setZero();
  for (int j = 0; j < k; ++j)
    v[support[static_cast<std::size_t>(j)]] = kept[static_cast<std::size_t>(j)];
}

TopK::Scratch::Scratch(int dim)
    : magnitudes(static_cast<std::size_t>(dim)),
      values(static_cast<std::size_t>(dim)),
      candidates(static_cast<std::size_t>(dim)),
      sample(kSampleSize) {}

void TopK::apply(const Context&, Message& message) {
  select(message.values, k_, scratch_, message.support, kept_);
  message.sparse = true;
}

StageConstants TopK::constants() const {
  StageConstants c;
  c.delta = double(k_) / dim_;
  c.delta_exact = ratio_text(k_, dim_);
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
