#pragma once
// A sweep's cells over the ranks of an MPI job (dynamic scheduling). Rank 0 keeps the queue of
// cells to run; every other rank asks it for one cell at a time, runs it alone
// (methods::RunAlone) and sends back its result with the next request, so a rank that finishes
// early simply asks again. Rank 0 runs cells itself and answers between its iterations.

#include <deque>
#include <functional>
#include <vector>

#include "core/json_io.hpp"
#include "methods/mpi_session.hpp"

namespace biasbound::io {

/// Rank 0's side: hands out the cells of `pending` (front first) and passes each result a rank
/// sends back to `deliver`. Emptying `pending` stops the handing out (an interrupted sweep).
class CellDispatcher {
 public:
  using Deliver = std::function<void(const core::Json& result)>;
  CellDispatcher(const methods::MpiSession& session, std::deque<int>& pending, Deliver deliver);

  /// Answers every request that has arrived, without waiting. Cheap: call it between iterations.
  void serve();
  /// Serves until every other rank has been told the sweep is over, i.e. every cell handed out
  /// has come back; `waiting(busy)` is called with the ranks still running a cell.
  void finish(const std::function<void(int busy)>& waiting);

 private:
  void handle(const methods::MpiSession::Envelope& envelope);
  int busy() const;

  const methods::MpiSession& session_;
  std::deque<int>& pending_;
  Deliver deliver_;
  std::vector<int> given_;  // per rank, the cell it runs, or -1
  int released_ = 0;        // ranks told that the sweep is over
};

/// The side of every other rank: asks rank 0 for cells and runs each with `run_cell(index)`,
/// whose result goes back to rank 0, until rank 0 says the sweep is over.
void run_cells_for_root(const methods::MpiSession& session,
                        const std::function<core::Json(int index)>& run_cell);

}  // namespace biasbound::io
