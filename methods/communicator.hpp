#pragma once
// The server/worker exchange. Methods never reach workers any other way, so a backend (threads
// in this process, MPI ranks) is a drop-in. One round: the server's x is broadcast, every worker
// runs the method's task, and the server receives every message and sums them IN WORKER ORDER,
// so the aggregate is bit-identical on every backend and thread count.
//
// Alongside its message a worker reports f_i(x) and ∇f_i(x) for the trace. That is
// instrumentation of the experiment, not part of the algorithm, and is not counted as traffic.

#include <Eigen/Core>
#include <functional>

#include "estimators/message.hpp"
#include "problems/problem.hpp"

namespace biasbound::methods {

enum class RoundKind {
  kEstimate,      // workers send their estimator's message
  kEvaluateOnly,  // workers only report f_i, ∇f_i (no message, no traffic)
};

/// A worker's outputs in one round.
struct WorkerSlot {
  estimators::Message message;
  Eigen::VectorXd exact_gradient;
  double exact_value = 0;
  problems::ShardCounts counts;  // from the same pass, for the trace's train metrics
};

using WorkerTask =
    std::function<void(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot)>;

/// What the server has after a round.
struct RoundResult {
  Eigen::VectorXd mean_message;   // g(x) = (1/n) Σ_i message_i; round_one: the sender's message
  Eigen::VectorXd mean_gradient;  // ∇f(x) = (1/n) Σ_i ∇f_i(x)
  double mean_value = 0;          // f(x)
  problems::ShardCounts counts;   // summed over the workers
};

/// Communication volume under the bit-cost model (32-bit floats, ⌈log₂ d⌉-bit indices).
struct Traffic {
  double bits_up = 0;    // workers → server messages
  double bits_down = 0;  // server → workers broadcasts of x
  long long rounds = 0;
  /// Bytes of messages this process received from other processes (the MPI backend; 0
  /// in-process, where messages are read in place).
  double wire_bytes = 0;
  /// Seconds this process spent in MPI calls that move messages and instrumentation, waiting
  /// for slower ranks included (the MPI backend; 0 in-process).
  double wire_seconds = 0;
};

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int workers() const = 0;
  virtual void round(problems::ConstVectorRef x, RoundKind kind, const WorkerTask& task,
                     RoundResult& result) = 0;
  /// A round in which only `sender` receives x and sends its message (incremental methods such
  /// as IAG): the traffic is one broadcast down and one message up. Every worker still reports
  /// its instrumentation (kEvaluateOnly for the others), so the result's f and ∇f are at x;
  /// result.mean_message is the sender's message alone (dense), not divided by n.
  virtual void round_one(problems::ConstVectorRef x, int sender, const WorkerTask& task,
                         RoundResult& result) = 0;

  const Traffic& traffic() const { return traffic_; }
  void reset_traffic() { traffic_ = {}; }

 protected:
  Traffic traffic_;
};

}  // namespace biasbound::methods
