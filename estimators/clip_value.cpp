#include "estimators/clip_value.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace biasbound::estimators {

void ClipValue::apply(const Context&, Message& message) {
  // std::clamp returns NaN for NaN, so a diverging run is passed on rather than hidden.
  const double c = bound_;
  message.values = message.values.unaryExpr([c](double x) { return std::clamp(x, -c, c); });
}

StageConstants ClipValue::constants() const {
  StageConstants c;
  c.note = "biased; no closed form: m, zeta^2 are measured";
  return c;
}

std::unique_ptr<Stage> make_clipvalue(core::SpecReader& r, const problems::Problem&) {
  const auto c = r.number("c");
  r.finish();
  if (!c) throw core::input_error("{}: needs c=BOUND", r.where());
  if (*c <= 0) throw core::input_error("{}: c must be > 0, got {}", r.where(), *c);
  return std::make_unique<ClipValue>(*c);
}

}  // namespace biasbound::estimators
