#include "methods/mpi_session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/thread_pool.hpp"

#ifdef BIASBOUND_WITH_MPI
#include <mpi.h>
#endif

namespace biasbound::methods {
namespace {

const MpiSession* g_session = nullptr;
int g_alone = 0;  // RunAlone scopes alive

// How long a waiting rank sleeps between two looks at MPI: short against an iteration, long
// enough that waiting costs no measurable CPU.
constexpr auto kPollInterval = std::chrono::milliseconds(1);

#ifdef BIASBOUND_WITH_MPI
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

// mpirun binds each rank to one core when it starts at most two: then a rank's worker threads
// share that core while the machine's other cores idle. Said once, by rank 0.
void note_binding(int ranks_here) {
  const int machine = static_cast<int>(std::thread::hardware_concurrency());
  const int allowed = core::default_thread_count();
  if (machine > 0 && allowed * ranks_here < machine)
    fmt::print(stderr,
               "biasbound: note: mpirun bound this rank to {} of this machine's {} cores ({} "
               "rank(s) here); `mpirun --bind-to none` lets each rank's threads use its share "
               "(docs/distributed.md)\n",
               allowed, machine, ranks_here);
}
#endif

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
    if (root()) note_binding(local_size_);
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
  return g_alone > 0 ? nullptr : g_session;
}

RunAlone::RunAlone() {
  ++g_alone;
}

RunAlone::~RunAlone() {
  --g_alone;
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

int MpiSession::broadcast(int value) const {
  if (!active_ || size_ == 1) return value;
#ifdef BIASBOUND_WITH_MPI
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
  return value;
}

void check_mpi([[maybe_unused]] int code, [[maybe_unused]] const char* call) {
#ifdef BIASBOUND_WITH_MPI
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(fmt::format("{} failed: {}", call, std::string(text, length)));
#endif
}

void MpiSession::send([[maybe_unused]] int to, [[maybe_unused]] int tag,
                      [[maybe_unused]] const std::string& bytes) const {
  if (!active_) throw std::logic_error("MpiSession::send outside an MPI job");
#ifdef BIASBOUND_WITH_MPI
  MPI_Request request = MPI_REQUEST_NULL;
  check_mpi(MPI_Isend(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, to, tag,
                      MPI_COMM_WORLD, &request),
            "MPI_Isend");
  for (int done = 0;;) {
    check_mpi(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) return;
    std::this_thread::sleep_for(kPollInterval);
  }
#endif
}

std::optional<MpiSession::Envelope> MpiSession::try_receive() const {
  if (!active_) throw std::logic_error("MpiSession::try_receive outside an MPI job");
#ifdef BIASBOUND_WITH_MPI
  int arrived = 0;
  MPI_Status status;
  check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status),
            "MPI_Iprobe");
  if (!arrived) return std::nullopt;
  int count = 0;
  check_mpi(MPI_Get_count(&status, MPI_CHAR, &count), "MPI_Get_count");
  Envelope envelope{status.MPI_SOURCE, status.MPI_TAG, std::string(std::size_t(count), '\0')};
  check_mpi(MPI_Recv(envelope.bytes.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "MPI_Recv");
  return envelope;
#else
  return std::nullopt;
#endif
}

MpiSession::Envelope MpiSession::receive() const {
  for (;;) {
    if (auto envelope = try_receive()) return std::move(*envelope);
    std::this_thread::sleep_for(kPollInterval);
  }
}

int mpi_rank() {
  const auto* session = MpiSession::current();
  return session ? session->rank() : 0;
}

bool mpi_root() {
  return mpi_rank() == 0;
}

}  // namespace biasbound::methods
