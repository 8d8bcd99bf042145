#pragma once
// Workers as tasks on a thread pool in this process; messages are read in place, not copied.

#include <vector>

#include "core/thread_pool.hpp"
#include "methods/communicator.hpp"

namespace biasbound::methods {

class InProcessCommunicator final : public Communicator {
 public:
  InProcessCommunicator(int workers, int dim, core::ThreadPool& pool);

  int workers() const override { return static_cast<int>(slots_.size()); }
  void round(problems::ConstVectorRef x, RoundKind kind, const WorkerTask& task,
             RoundResult& result) override;
  void round_one(problems::ConstVectorRef x, int sender, const WorkerTask& task,
                 RoundResult& result) override;

 private:
  void instrumentation(RoundResult& result);
  // Adds a worker's message into result.mean_message and counts its bits.
  void receive(const estimators::Message& message, RoundResult& result);

  int dim_;
  core::ThreadPool& pool_;
  std::vector<WorkerSlot> slots_;
};

}  // namespace biasbound::methods
