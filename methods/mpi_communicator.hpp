#pragma once
// Workers spread over the ranks of an MPI job (docs/distributed.md). Every rank holds the whole
// method (x, momentum, the server's state) and computes its contiguous block of workers on its
// thread pool; the messages then travel to every rank (MPI_Allgatherv; a single sender's by
// MPI_Bcast), sparse ones as (index, value) pairs and dense ones as their values, and every rank
// adds them up in worker order exactly as InProcessCommunicator does. So the server's update is
// the same on every rank and a run on R ranks is bit-identical to the in-process run. The
// instrumentation (f and ∇f, not traffic) is summed in worker order along the ranks, each adding
// its workers to its predecessor's partial sum, and broadcast from the last.
//
// Available in builds with MPI (BIASBOUND_WITH_MPI); methods/backend.hpp picks it under mpirun.

#include <vector>

#include "core/thread_pool.hpp"
#include "methods/communicator.hpp"
#include "methods/wire_message.hpp"

namespace biasbound::methods {

class MpiCommunicator final : public Communicator {
 public:
  /// On MPI_COMM_WORLD of the current MpiSession, which must be active.
  MpiCommunicator(int workers, int dim, core::ThreadPool& pool);

  int workers() const override { return workers_; }
  void round(problems::ConstVectorRef x, RoundKind kind, const WorkerTask& task,
             RoundResult& result) override;
  void round_one(problems::ConstVectorRef x, int sender, const WorkerTask& task,
                 RoundResult& result) override;

  /// The workers this rank computes, [first, last): a contiguous block, the first
  /// workers % ranks ranks one larger.
  int first_worker() const { return first_; }
  int last_worker() const { return last_; }

 private:
  WorkerSlot& slot(int worker) { return slots_[static_cast<std::size_t>(worker - first_)]; }
  int owner(int worker) const;
  void instrumentation(RoundResult& result);
  void gather_messages(RoundResult& result);
  void broadcast_message(int sender, RoundResult& result);
  // Adds one message's wire form at `at` into result.mean_message; returns the bytes read.
  std::size_t receive(const char* at, RoundResult& result);

  int workers_, dim_;
  core::ThreadPool& pool_;
  int rank_, ranks_;
  int first_, last_;
  std::vector<WorkerSlot> slots_;  // this rank's workers
  std::vector<char> sent_, received_;
  std::vector<int> counts_, displacements_;
  std::vector<double> partial_;      // ∇f sum, then f sum, loss sum, correct, examples
  wire::Received received_message_;  // the message being added, read off the wire
};

}  // namespace biasbound::methods
