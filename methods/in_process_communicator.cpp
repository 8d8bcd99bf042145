#include "methods/in_process_communicator.hpp"

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

  result.mean_gradient.setZero(dim_);
  result.mean_value = 0;
  result.counts = {};
  for (const auto& slot : slots_) {
    result.mean_gradient += slot.exact_gradient;
    result.mean_value += slot.exact_value;
    result.counts += slot.counts;
  }
  result.mean_gradient /= n;
  result.mean_value /= n;
  if (kind == RoundKind::kEvaluateOnly) return;

  traffic_.bits_down += estimators::dense_bits(dim_) * n;
  ++traffic_.rounds;
  result.mean_message.setZero(dim_);
  for (const auto& slot : slots_) {
    const auto& m = slot.message;
    if (m.sparse)
      for (int i : m.support) result.mean_message[i] += m.values[i];
    else
      result.mean_message += m.values;
    traffic_.bits_up += m.bits;
  }
  result.mean_message /= n;
}

}  // namespace biasbound::methods
