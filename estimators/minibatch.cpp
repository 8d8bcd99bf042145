#include "estimators/minibatch.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include "core/error.hpp"

namespace biasbound::estimators {

namespace {
constexpr long long kMaxBatch = 100'000'000;
}  // namespace

void Minibatch::apply(const Context& context, Message& message) {
  const int examples = context.problem.worker_examples(context.worker);
  boost::random::uniform_int_distribution<int> pick(0, examples - 1);
  for (auto& index : batch_) index = pick(context.rng);
  context.problem.worker_batch_gradient(context.worker, batch_, context.x, message.values);
  message.sparse = false;
}

std::unique_ptr<Stage> make_minibatch(core::SpecReader& r, const problems::Problem& problem) {
  const auto b = r.integer("b");
  r.finish();
  if (!b) throw core::input_error("{}: needs b=BATCH_SIZE", r.where());
  if (*b < 1) throw core::input_error("{}: b must be >= 1, got {}", r.where(), *b);
  // The b indices are allocated here (10^8 take 400 MB): a larger b would only cost memory,
  // and above 2^31 − 1 it wrapped around the int it is stored in.
  if (*b > kMaxBatch)
    throw core::input_error("{}: b must be at most {}, got {}", r.where(), kMaxBatch, *b);
  if (problem.worker_examples(0) == 0)
    throw core::input_error(
        "{}: problem '{}' is not a finite sum, so there is nothing to sample (use exact)",
        r.where(), problem.name());
  return std::make_unique<Minibatch>(static_cast<int>(*b));
}

}  // namespace biasbound::estimators
