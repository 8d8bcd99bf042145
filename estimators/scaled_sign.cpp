#include "estimators/scaled_sign.hpp"

#include "estimators/exact_constant.hpp"
#include "estimators/sign.hpp"

namespace biasbound::estimators {

void ScaledSign::apply(const Context&, Message& message) {
  auto& v = message.values;
  const double scale = v.lpNorm<1>() / double(v.size());
  v = scale * v.unaryExpr([](double x) { return sign_of(x); });
}

StageConstants ScaledSign::constants() const {
  StageConstants c;
  c.delta = 1.0 / dim_;
  c.delta_exact = ratio_text(1, dim_);
  c.m = 1 - *c.delta;
  c.zeta2 = 0.0;
  c.note =
      "deterministic; |C(v) - v|^2 <= (1 - delta(v))|v|^2 with delta(v) = |v|_1^2/(d|v|^2) "
      ">= 1/d, so delta = 1/d (worst case), m = 1 - 1/d, zeta^2 = 0";
  return c;
}

std::unique_ptr<Stage> make_scaledsign(core::SpecReader& r, const problems::Problem& problem) {
  r.finish();
  return std::make_unique<ScaledSign>(problem.dim());
}

}  // namespace biasbound::estimators
