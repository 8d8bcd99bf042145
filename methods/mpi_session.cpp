#include "methods/mpi_session.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/error.hpp"

#ifdef BIASBOUND_WITH_MPI
#include <mpi.h>
#endif

namespace biasbound::methods {
namespace {

const MpiSession* g_session = nullptr;

// OpenMPI's launcher (mpirun, or a PMIx server) sets these in every process it starts.
bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}

int env_int(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  const int value = std::atoi(text);
  return value > 0 ? value : fallback;
}

}  // namespace

MpiSession::MpiSession([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef BIASBOUND_WITH_MPI
  if (launched_by_mpirun()) {
    int provided = 0;
    // Workers run on a thread pool inside each rank; only the calling thread talks to MPI.
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    // Errors are ours to report: a failed call returns its code instead of aborting silently.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    local_size_ = env_int("OMPI_COMM_WORLD_LOCAL_SIZE", size_);
    active_ = true;
  }
#endif
  g_session = this;
}

MpiSession::~MpiSession() {
  g_session = nullptr;
#ifdef BIASBOUND_WITH_MPI
  if (active_) MPI_Finalize();
#endif
}

const MpiSession* MpiSession::current() {
  return g_session;
}

void MpiSession::abort(const std::string& message, int exit_code) const {
  fmt::print(stderr, "biasbound: rank {} of {}: {}; ending every rank\n", rank_, size_, message);
  std::fflush(stderr);
#ifdef BIASBOUND_WITH_MPI
  if (active_) MPI_Abort(MPI_COMM_WORLD, exit_code);
#endif
  std::exit(exit_code);
}

void MpiSession::on_root(const std::function<void()>& work) const {
  if (!active_ || size_ == 1) return work();
  std::string error;
  if (root()) try {
      work();
    } catch (const core::InputError& e) {
      error = e.what();
    }
#ifdef BIASBOUND_WITH_MPI
  int length = static_cast<int>(error.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  error.resize(static_cast<std::size_t>(length));
  MPI_Bcast(error.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
#endif
  if (!error.empty()) throw core::InputError(error);
}

bool MpiSession::any(bool mine) const {
  if (!active_ || size_ == 1) return mine;
  int flag = mine ? 1 : 0;
#ifdef BIASBOUND_WITH_MPI
  MPI_Allreduce(MPI_IN_PLACE, &flag, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
#endif
  return flag != 0;
}

double MpiSession::sum(double value) const {
  if (!active_ || size_ == 1) return value;
#ifdef BIASBOUND_WITH_MPI
  MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
#endif
  return value;
}

int mpi_rank() {
  return g_session ? g_session->rank() : 0;
}

bool mpi_root() {
  return mpi_rank() == 0;
}

}  // namespace biasbound::methods
