#pragma once
// Which Communicator a run uses: the MPI backend when this process is a rank of an mpirun job
// (in a build with MPI), else workers as threads in this process.

#include <memory>
#include <string_view>

#include "core/thread_pool.hpp"
#include "methods/communicator.hpp"

namespace biasbound::methods {

/// MpiCommunicator under mpirun (methods/mpi_session.hpp), InProcessCommunicator otherwise.
std::unique_ptr<Communicator> make_communicator(int workers, int dim, core::ThreadPool& pool);

/// "mpi" or "in-process": run.json's config.backend.
std::string_view backend_name();

/// Threads for this rank's workers: `requested` if > 0, else this machine's cores shared
/// between the job's ranks on it, at most one per worker of this rank.
int backend_threads(int requested, int workers);

}  // namespace biasbound::methods
