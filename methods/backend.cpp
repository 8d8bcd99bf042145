#include "methods/backend.hpp"

#include <algorithm>

#include "methods/in_process_communicator.hpp"
#include "methods/mpi_session.hpp"
#ifdef BIASBOUND_WITH_MPI
#include "methods/mpi_communicator.hpp"
#endif

namespace biasbound::methods {
namespace {

bool mpi_backend() {
  const auto* session = MpiSession::current();
  return session != nullptr && session->active();
}

}  // namespace

std::unique_ptr<Communicator> make_communicator(int workers, int dim, core::ThreadPool& pool) {
#ifdef BIASBOUND_WITH_MPI
  if (mpi_backend()) return std::make_unique<MpiCommunicator>(workers, dim, pool);
#endif
  return std::make_unique<InProcessCommunicator>(workers, dim, pool);
}

std::string_view backend_name() {
  return mpi_backend() ? "mpi" : "in-process";
}

int backend_threads(int requested, int workers) {
  if (requested > 0) return requested;
  const auto* session = MpiSession::current();
  if (!mpi_backend()) return std::min(core::default_thread_count(), workers);
  const int ranks = session->size(), local = std::max(1, session->local_size());
  const int mine = workers / ranks + (session->rank() < workers % ranks ? 1 : 0);
  return std::clamp(core::default_thread_count() / local, 1, std::max(1, mine));
}

}  // namespace biasbound::methods
