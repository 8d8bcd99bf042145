#include "methods/in_process_communicator.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace biasbound::methods {

InProcessCommunicator::InProcessCommunicator(int workers, int dim, core::ThreadPool& pool)
    : dim_(dim), pool_(pool), slots_(static_cast<std::size_t>(workers)) {
  for (auto& slot : slots_) {
    slot.message.resize(dim);
    slot.exact_gradient.setZero(dim);
  }
}

void InProcessCommunicator::round(problems::ConstVectorRef x, RoundKind kind,
                                  const WorkerTask& task, RoundResult& result) {
  const int n = workers();
  pool_.parallel_for(n, [&](int w) { task(w, x, kind, slots_[static_cast<std::size_t>(w)]); });
  instrumentation(result);
  if (kind == RoundKind::kEvaluateOnly) return;

  traffic_.bits_down += estimators::dense_bits(dim_) * n;
  ++traffic_.rounds;
  result.mean_message.setZero(dim_);
  for (const auto& slot : slots_) receive(slot.message, result);
  result.mean_message /= n;
}

void InProcessCommunicator::round_one(problems::ConstVectorRef x, int sender,
                                      const WorkerTask& task, RoundResult& result) {
  const int n = workers();
  if (sender < 0 || sender >= n)
    throw core::input_error("round_one: sender {} is not a worker (there are {})", sender, n);
  pool_.parallel_for(n, [&](int w) {
    const RoundKind kind = w == sender ? RoundKind::kEstimate : RoundKind::kEvaluateOnly;
    task(w, x, kind, slots_[static_cast<std::size_t>(w)]);
  });
  instrumentation(result);
  traffic_.bits_down += estimators::dense_bits(dim_);  // x goes to the sender only
  ++traffic_.rounds;
  result.mean_message.setZero(dim_);
  receive(slots_[static_cast<std::size_t>(sender)].message, result);
}

void InProcessCommunicator::receive(const estimators::Message& m, RoundResult& result) {
  if (m.sparse)
    for (int i : m.support) result.mean_message[i] += m.values[i];
  else
    result.mean_message += m.values;
  traffic_.bits_up += m.bits;
}

// f(x), ∇f(x) and the counts from every worker's instrumentation.
void InProcessCommunicator::instrumentation(RoundResult& result) {
  const int n = workers();
  // ∇f(x) by blocks of coordinates in parallel; within each block the workers are added in
  // order, so every coordinate's sum is the same on any thread count.
  result.mean_gradient.resize(dim_);
  const int blocks = std::max(1, std::min(pool_.threads() * 4, dim_ / 4096));
  pool_.parallel_for(blocks, [&](int b) {
    const Eigen::Index begin = Eigen::Index(dim_) * b / blocks;
    const Eigen::Index size = Eigen::Index(dim_) * (b + 1) / blocks - begin;
    auto sum = result.mean_gradient.segment(begin, size);
    sum.setZero();
    for (const auto& slot : slots_) sum += slot.exact_gradient.segment(begin, size);
    sum /= n;
  });
  result.mean_value = 0;
  result.counts = {};
  for (const auto& slot : slots_) {
    result.mean_value += slot.exact_value;
    result.counts += slot.counts;
  }
  result.mean_value /= n;
}

}  // namespace biasbound::methods
