#include "estimators/exact.hpp"

namespace biasbound::estimators {

void Exact::apply(const Context& context, Message& message) {
  if (context.exact_gradient)
    message.values = *context.exact_gradient;
  else
    context.problem.worker_value_gradient(context.worker, context.x, message.values);
  message.sparse = false;
}

StageConstants Exact::constants() const {
  return unbiased_constants("unbiased, sigma^2 = 0");
}

std::unique_ptr<Stage> make_exact(core::SpecReader& r, const problems::Problem&) {
  r.finish();
  return std::make_unique<Exact>();
}

}  // namespace biasbound::estimators
