#include "estimators/reshuffle.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <numeric>

#include "core/error.hpp"

namespace biasbound::estimators {

void Reshuffle::start_epoch(const Context& context) {
  order_.resize(static_cast<std::size_t>(context.problem.worker_examples(context.worker)));
  std::iota(order_.begin(), order_.end(), 0);
  for (std::size_t i = order_.size() - 1; i > 0; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i);
    std::swap(order_[i], order_[pick(context.rng)]);
  }
  next_ = 0;
}

void Reshuffle::apply(const Context& context, Message& message) {
  if (next_ + batch_.size() > order_.size()) start_epoch(context);
  std::copy_n(order_.begin() + static_cast<std::ptrdiff_t>(next_), batch_.size(), batch_.begin());
  next_ += batch_.size();
  context.problem.worker_batch_gradient(context.worker, batch_, context.x, message.values);
  message.sparse = false;
}

StageConstants Reshuffle::constants() const {
  StageConstants c;
  c.note = "biased given x within an epoch; unbiased over the epoch; measured along runs";
  return c;
}

std::unique_ptr<Stage> make_reshuffle(core::SpecReader& r, const problems::Problem& problem) {
  const auto b = r.integer("b");
  r.finish();
  if (!b) throw core::input_error("{}: needs b=BATCH_SIZE", r.where());
  if (problem.worker_examples(0) == 0)
    throw core::input_error(
        "{}: problem '{}' is not a finite sum, so there is nothing to sample (use exact)",
        r.where(), problem.name());
  int smallest = problem.worker_examples(0);
  for (int w = 1; w < problem.workers(); ++w)
    smallest = std::min(smallest, problem.worker_examples(w));
  if (*b < 1 || *b > smallest)
    throw core::input_error("{}: b must be in [1, {}] (the smallest shard), got {}", r.where(),
                            smallest, *b);
  return std::make_unique<Reshuffle>(static_cast<int>(*b));
}

}  // namespace biasbound::estimators
