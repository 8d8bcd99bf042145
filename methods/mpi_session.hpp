#pragma once
// The MPI job this process belongs to. `biasbound` makes one session in main(): when mpirun
// started the process, MPI is initialised with the session and finalised with it; otherwise, and
// in a build without MPI, the session is a job of one rank and MPI is never touched, so the
// binary behaves as before without mpirun. Only this file and methods/mpi_communicator.cpp
// include <mpi.h>.

#include <functional>
#include <optional>
#include <string>

namespace biasbound::methods {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// The session of this process, or nullptr when none lives (a library client, a test).
  static const MpiSession* current();

  /// Whether mpirun started this process (then runs use the MPI backend, even on one rank).
  bool active() const { return active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  /// Ranks of this job on this machine (for sharing its cores between them).
  int local_size() const { return local_size_; }

  /// Ends every rank of the job now (MPI_Abort) after printing `message`, naming this rank, on
  /// stderr. For errors that only this rank saw: the others may be waiting in a collective.
  [[noreturn]] void abort(const std::string& message, int exit_code) const;

  /// Runs `work` on rank 0 only and shares how it ended: an InputError there is rethrown on
  /// every rank, so bad input that only rank 0 can see (its output folder) ends every rank the
  /// same way, before any collective starts. Collective: every rank calls it.
  void on_root(const std::function<void()>& work) const;

  /// Whether any rank passes true (collective).
  bool any(bool mine) const;
  /// The sum over ranks of `value` (collective).
  double sum(double value) const;
  /// Rank 0's `value`, on every rank (collective).
  int broadcast(int value) const;

  /// A point-to-point message: who sent it, its tag and its bytes.
  struct Envelope {
    int from = 0;
    int tag = 0;
    std::string bytes{};
  };
  /// Sends `bytes` to rank `to`, returning once they are on their way. Waits by sleeping, not
  /// spinning, so a rank waiting for a busy peer leaves the cores to the ranks that compute.
  void send(int to, int tag, const std::string& bytes) const;
  /// The next message from any rank if one has arrived, without waiting.
  std::optional<Envelope> try_receive() const;
  /// The next message from any rank, waiting (sleeping) until one arrives.
  Envelope receive() const;

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
};

/// Throws std::runtime_error naming `call` and MPI's message unless `code` is MPI_SUCCESS.
void check_mpi(int code, const char* call);

/// While one lives, this process runs alone as if mpirun had not started it:
/// MpiSession::current() is nullptr, so a run uses the in-process backend and writes its own
/// files. A sweep runs each cell so, on the rank the cell was given to.
class RunAlone {
 public:
  RunAlone();
  ~RunAlone();
  RunAlone(const RunAlone&) = delete;
  RunAlone& operator=(const RunAlone&) = delete;
};

/// The current session's rank (0 without one) and whether it is the one that writes and prints.
int mpi_rank();
bool mpi_root();

}  // namespace biasbound::methods
