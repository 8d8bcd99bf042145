#include "estimators/qsgd.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/bernoulli_distribution.hpp>

#include "core/error.hpp"
#include "estimators/exact_constant.hpp"

namespace biasbound::estimators {

void Qsgd::apply(const Context& context, Message& message) {
  auto& v = message.values;
  const double norm = v.norm();
  // v = 0 has nothing to round; a non-finite norm is passed on so the divergence is seen.
  if (norm == 0 || !std::isfinite(norm)) return;
  const double step = norm / levels_;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (v[i] == 0) continue;
    // |v_i| ≤ ‖v‖ in exact arithmetic; the clamp stops rounding from creating level S + 1.
    const double r = std::min(levels_ * std::abs(v[i]) / norm, double(levels_));
    const double low = std::floor(r);
    boost::random::bernoulli_distribution<double> up(r - low);
    v[i] = std::copysign(step * (low + (up(context.rng) ? 1 : 0)), v[i]);
  }
}

StageConstants Qsgd::constants() const {
  auto c = unbiased_constants("unbiased; alpha = 1 + min(d/s^2, sqrt(d)/s)");
  c.alpha =
      1 + std::min(double(dim_) / (double(levels_) * levels_), std::sqrt(double(dim_)) / levels_);
  // d/s² ≤ √d/s exactly when d ≤ s².
  const long long s = levels_, d = dim_;
  c.alpha_exact = d <= s * s ? ratio_text(s * s + d, s * s) : sqrt_form_above(s, 1, d, s);
  return c;
}

std::optional<double> Qsgd::message_bits(int dim) const {
  // The plain encoding: a 32-bit norm, then per coordinate a sign bit and a level in 0..S.
  // QSGD's Elias coding of the levels would be shorter for sparse level vectors.
  return 32.0 + dim * (1.0 + std::ceil(std::log2(levels_ + 1.0)));
}

std::unique_ptr<Stage> make_qsgd(core::SpecReader& r, const problems::Problem& problem) {
  const auto s = r.integer("s");
  r.finish();
  if (!s) throw core::input_error("{}: needs s=LEVELS", r.where());
  if (*s < 1 || *s > 1'000'000'000)
    throw core::input_error("{}: s must be in [1, 1e9], got {}", r.where(), *s);
  return std::make_unique<Qsgd>(static_cast<int>(*s), problem.dim());
}

core::Json Qsgd::describe() const {
  return {{"stage", "qsgd"}, {"s", levels_}, {"d", dim_}};
}

}  // namespace biasbound::estimators
