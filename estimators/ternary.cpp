#include "estimators/ternary.hpp"

#include <cmath>

#include <boost/random/bernoulli_distribution.hpp>

#include "estimators/exact_constant.hpp"

namespace biasbound::estimators {

void Ternary::apply(const Context& context, Message& message) {
  auto& v = message.values;
  const double scale = v.lpNorm<Eigen::Infinity>();
  // v = 0 has nothing to send; a non-finite input is passed on so the divergence is seen (the
  // maximum alone may skip a NaN).
  if (scale == 0 || !v.allFinite()) return;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (v[i] == 0) continue;
    // |v_i| ≤ scale exactly (the maximum is one of the |v_i|), so the probability is in (0, 1].
    boost::random::bernoulli_distribution<double> keep(std::abs(v[i]) / scale);
    v[i] = keep(context.rng) ? std::copysign(scale, v[i]) : 0.0;
  }
}

StageConstants Ternary::constants() const {
  auto c = unbiased_constants(
      "unbiased; E|C(v)|^2 = |v|_inf |v|_1 <= (1 + sqrt(d))/2 |v|^2, attained at "
      "v = (1, a, ..., a), a = 1/(1 + sqrt(d))");
  c.alpha = (1 + std::sqrt(double(dim_))) / 2;
  c.alpha_exact = sqrt_form_above(1, 1, dim_, 2);
  return c;
}

std::unique_ptr<Stage> make_ternary(core::SpecReader& r, const problems::Problem& problem) {
  r.finish();
  return std::make_unique<Ternary>(problem.dim());
}

}  // namespace biasbound::estimators
