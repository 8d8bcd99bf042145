#include "estimators/sign.hpp"

namespace biasbound::estimators {

void Sign::apply(const Context&, Message& message) {
  message.values = message.values.unaryExpr([](double x) { return sign_of(x); });
}

StageConstants Sign::constants() const {
  StageConstants c;
  c.note =
      "not norm-preserving (|C(v)|^2 = nnz(v) whatever the scale of v): neither a contraction "
      "nor unbiased; bias measured only";
  return c;
}

std::unique_ptr<Stage> make_sign(core::SpecReader& r, const problems::Problem&) {
  r.finish();
  return std::make_unique<Sign>();
}

}  // namespace biasbound::estimators
