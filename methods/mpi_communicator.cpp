#include "methods/mpi_communicator.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <bit>
#include <climits>
#include <cstring>

#include "core/error.hpp"
#include "methods/mpi_session.hpp"

namespace biasbound::methods {
namespace {

// A message on the wire: int32 sparse flag, int32 count k, float64 bits, then for a sparse
// message k int32 indices, then k float64 values (d values for a dense one). The values are
// sent as the doubles the worker computed, so every rank adds exactly what in-process adds.
struct Header {
  std::int32_t sparse = 0;
  std::int32_t count = 0;
  double bits = 0;
};

std::size_t wire_size(const estimators::Message& m) {
  const auto k = m.sparse ? m.support.size() : static_cast<std::size_t>(m.values.size());
  return sizeof(Header) + (m.sparse ? k * sizeof(std::int32_t) : 0) + k * sizeof(double);
}

void append(std::vector<char>& out, const void* data, std::size_t bytes) {
  const auto* begin = static_cast<const char*>(data);
  out.insert(out.end(), begin, begin + bytes);
}

void serialize(const estimators::Message& m, std::vector<char>& out) {
  out.reserve(out.size() + wire_size(m));
  const Header h{m.sparse ? 1 : 0,
                 static_cast<std::int32_t>(m.sparse ? m.support.size() : m.values.size()), m.bits};
  append(out, &h, sizeof h);
  if (!m.sparse) return append(out, m.values.data(), m.values.size() * sizeof(double));
  static_assert(sizeof(int) == sizeof(std::int32_t));
  append(out, m.support.data(), m.support.size() * sizeof(std::int32_t));
  for (const int i : m.support) append(out, &m.values[i], sizeof(double));
}

void check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(fmt::format("{} failed: {}", call, std::string(text, length)));
}

// An MPI call checked as above, its time added to `seconds` (the time in communication).
template <class Call>
void timed(double& seconds, Call&& mpi_call, const char* name) {
  const double start = MPI_Wtime();
  const int code = mpi_call();
  seconds += MPI_Wtime() - start;
  check(code, name);
}

}  // namespace

MpiCommunicator::MpiCommunicator(int workers, int dim, core::ThreadPool& pool)
    : workers_(workers), dim_(dim), pool_(pool) {
  const auto* session = MpiSession::current();
  if (session == nullptr || !session->active())
    throw std::logic_error("MpiCommunicator needs an active MpiSession (a process of mpirun)");
  rank_ = session->rank();
  ranks_ = session->size();
  if (workers < ranks_)
    throw core::input_error("{} workers over {} MPI ranks: every rank needs at least one worker",
                            workers, ranks_);
  // Ranks 0..r−1 hold q + 1 workers, the others q (n = qR + r).
  const int q = workers / ranks_, r = workers % ranks_;
  first_ = rank_ * q + std::min(rank_, r);
  last_ = first_ + q + (rank_ < r ? 1 : 0);
  slots_.resize(static_cast<std::size_t>(last_ - first_));
  for (auto& s : slots_) {
    s.message.resize(dim);
    s.exact_gradient.setZero(dim);
  }
  partial_.resize(static_cast<std::size_t>(dim) + 4);
  counts_.resize(static_cast<std::size_t>(ranks_));
  displacements_.resize(static_cast<std::size_t>(ranks_));
}

int MpiCommunicator::owner(int worker) const {
  const int q = workers_ / ranks_, r = workers_ % ranks_;
  return worker < r * (q + 1) ? worker / (q + 1) : r + (worker - r * (q + 1)) / q;
}

void MpiCommunicator::round(problems::ConstVectorRef x, RoundKind kind, const WorkerTask& task,
                            RoundResult& result) {
  pool_.parallel_for(last_ - first_, [&](int i) { task(first_ + i, x, kind, slot(first_ + i)); });
  instrumentation(result);
  if (kind == RoundKind::kEvaluateOnly) return;
  traffic_.bits_down += estimators::dense_bits(dim_) * workers_;
  ++traffic_.rounds;
  gather_messages(result);
}

void MpiCommunicator::round_one(problems::ConstVectorRef x, int sender, const WorkerTask& task,
                                RoundResult& result) {
  if (sender < 0 || sender >= workers_)
    throw core::input_error("round_one: sender {} is not a worker (there are {})", sender,
                            workers_);
  pool_.parallel_for(last_ - first_, [&](int i) {
    const int w = first_ + i;
    task(w, x, w == sender ? RoundKind::kEstimate : RoundKind::kEvaluateOnly, slot(w));
  });
  instrumentation(result);
  traffic_.bits_down += estimators::dense_bits(dim_);
  ++traffic_.rounds;
  broadcast_message(sender, result);
}

// In worker order along the ranks: rank r adds its workers to rank r − 1's partial sums and
// passes them on, so every coordinate is summed exactly as InProcessCommunicator sums it; the
// last rank broadcasts the totals.
void MpiCommunicator::instrumentation(RoundResult& result) {
  const auto d = static_cast<std::size_t>(dim_);
  const int count = static_cast<int>(partial_.size());
  if (rank_ > 0)
    timed(
        traffic_.wire_seconds,
        [&] {
          return MPI_Recv(partial_.data(), count, MPI_DOUBLE, rank_ - 1, 0, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE);
        },
        "MPI_Recv");
  else
    std::fill(partial_.begin(), partial_.end(), 0.0);
  Eigen::Map<Eigen::VectorXd> sum(partial_.data(), dim_);
  auto correct = std::bit_cast<long long>(partial_[d + 2]);
  auto examples = std::bit_cast<long long>(partial_[d + 3]);
  for (const auto& s : slots_) {
    sum += s.exact_gradient;
    partial_[d] += s.exact_value;
    partial_[d + 1] += s.counts.loss_sum;
    correct += s.counts.correct;
    examples += s.counts.examples;
  }
  partial_[d + 2] = std::bit_cast<double>(correct);
  partial_[d + 3] = std::bit_cast<double>(examples);
  if (rank_ + 1 < ranks_)
    timed(
        traffic_.wire_seconds,
        [&] { return MPI_Send(partial_.data(), count, MPI_DOUBLE, rank_ + 1, 0, MPI_COMM_WORLD); },
        "MPI_Send");
  timed(
      traffic_.wire_seconds,
      [&] { return MPI_Bcast(partial_.data(), count, MPI_DOUBLE, ranks_ - 1, MPI_COMM_WORLD); },
      "MPI_Bcast");
  result.mean_gradient = sum / workers_;
  result.mean_value = partial_[d] / workers_;
  result.counts = {partial_[d + 1], std::bit_cast<long long>(partial_[d + 2]),
                   std::bit_cast<long long>(partial_[d + 3])};
}

void MpiCommunicator::gather_messages(RoundResult& result) {
  sent_.clear();
  for (const auto& s : slots_) serialize(s.message, sent_);
  if (sent_.size() > static_cast<std::size_t>(INT_MAX))
    throw core::input_error(
        "rank {}'s messages take {} bytes in one round, more than one MPI call carries (2 GiB): "
        "use more ranks or a compressor",
        rank_, sent_.size());
  const int mine = static_cast<int>(sent_.size());
  timed(
      traffic_.wire_seconds,
      [&] { return MPI_Allgather(&mine, 1, MPI_INT, counts_.data(), 1, MPI_INT, MPI_COMM_WORLD); },
      "MPI_Allgather");
  long long total = 0;
  for (int r = 0; r < ranks_; ++r) {
    displacements_[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += counts_[static_cast<std::size_t>(r)];
  }
  if (total > INT_MAX)
    throw core::input_error(
        "the messages of one round take {} bytes, more than one MPI call carries (2 GiB): use "
        "a compressor",
        total);
  received_.resize(static_cast<std::size_t>(total));
  timed(
      traffic_.wire_seconds,
      [&] {
        return MPI_Allgatherv(sent_.data(), mine, MPI_CHAR, received_.data(), counts_.data(),
                              displacements_.data(), MPI_CHAR, MPI_COMM_WORLD);
      },
      "MPI_Allgatherv");
  traffic_.wire_bytes += static_cast<double>(total - mine);
  result.mean_message.setZero(dim_);
  std::size_t at = 0;
  for (int w = 0; w < workers_; ++w) at += receive(received_.data() + at, result);
  result.mean_message /= workers_;
}

void MpiCommunicator::broadcast_message(int sender, RoundResult& result) {
  const int root = owner(sender);
  sent_.clear();
  if (rank_ == root) serialize(slot(sender).message, sent_);
  long long size = static_cast<long long>(sent_.size());
  timed(
      traffic_.wire_seconds,
      [&] { return MPI_Bcast(&size, 1, MPI_LONG_LONG, root, MPI_COMM_WORLD); }, "MPI_Bcast");
  sent_.resize(static_cast<std::size_t>(size));
  timed(
      traffic_.wire_seconds,
      [&] {
        return MPI_Bcast(sent_.data(), static_cast<int>(size), MPI_CHAR, root, MPI_COMM_WORLD);
      },
      "MPI_Bcast");
  if (rank_ != root) traffic_.wire_bytes += static_cast<double>(size);
  result.mean_message.setZero(dim_);
  receive(sent_.data(), result);
}

std::size_t MpiCommunicator::receive(const char* at, RoundResult& result) {
  Header h;
  std::memcpy(&h, at, sizeof h);
  const auto k = static_cast<std::size_t>(h.count);
  const char* values = at + sizeof h + (h.sparse ? k * sizeof(std::int32_t) : 0);
  if (h.sparse) {
    for (std::size_t j = 0; j < k; ++j) {
      std::int32_t i = 0;
      double v = 0;
      std::memcpy(&i, at + sizeof h + j * sizeof i, sizeof i);
      std::memcpy(&v, values + j * sizeof v, sizeof v);
      result.mean_message[i] += v;
    }
  } else {
    dense_.resize(dim_);
    std::memcpy(dense_.data(), values, k * sizeof(double));
    result.mean_message += dense_;
  }
  traffic_.bits_up += h.bits;
  return sizeof h + (h.sparse ? k * sizeof(std::int32_t) : 0) + k * sizeof(double);
}

}  // namespace biasbound::methods
