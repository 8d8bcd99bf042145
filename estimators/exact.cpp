#include "estimators/exact.hpp"

namespace biasbound::estimators {

void Exact::apply(const Context& context, Message& message) {
  if (context.exact_gradient)
    message.values = *context.exact_gradient;
  else
    context.problem.worker_value_gradient(context.worker, context.x, message.values);
  message.sparse = false;
  message.bits = dense_bits(static_cast<int>(message.values.size()));
}

}  // namespace biasbound::estimators
