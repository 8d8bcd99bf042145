#include "estimators/minibatch.hpp"

#include <boost/random/uniform_int_distribution.hpp>

namespace biasbound::estimators {

void Minibatch::apply(const Context& context, Message& message) {
  const int examples = context.problem.worker_examples(context.worker);
  boost::random::uniform_int_distribution<int> pick(0, examples - 1);
  for (auto& index : batch_) index = pick(context.rng);
  context.problem.worker_batch_gradient(context.worker, batch_, context.x, message.values);
  message.sparse = false;
  message.bits = dense_bits(static_cast<int>(message.values.size()));
}

}  // namespace biasbound::estimators
