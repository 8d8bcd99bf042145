#include "estimators/clip_norm.hpp"

#include "core/error.hpp"

namespace biasbound::estimators {

void ClipNorm::apply(const Context&, Message& message) {
  // A NaN norm fails the test, so NaN is passed on unchanged.
  const double norm = message.values.norm();
  if (norm > tau_) message.values *= tau_ / norm;
}

StageConstants ClipNorm::constants() const {
  StageConstants c;
  c.note =
      "biased; if ||v|| <= G: m = (1 - tau/G)_+^2, zeta^2 = 0; or m = 0, zeta^2 = (G - tau)_+^2 "
      "(G is not known in closed form: m, zeta^2 are measured)";
  return c;
}

std::unique_ptr<Stage> make_clip(core::SpecReader& r, const problems::Problem&) {
  const auto tau = r.number("tau");
  r.finish();
  if (!tau) throw core::input_error("{}: needs tau=THRESHOLD", r.where());
  if (*tau <= 0) throw core::input_error("{}: tau must be > 0, got {}", r.where(), *tau);
  return std::make_unique<ClipNorm>(*tau);
}

}  // namespace biasbound::estimators
