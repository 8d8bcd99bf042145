#include "methods/mpi_communicator.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <bit>
#include <climits>

#include "core/error.hpp"
#include "methods/mpi_session.hpp"
#include "methods/wire_message.hpp"

namespace biasbound::methods {
namespace {

// An MPI call checked (check_mpi), its time added to `seconds` (the time in communication).
template <class Call>
void timed(double& seconds, Call&& mpi_call, const char* name) {
  const double start = MPI_Wtime();
  const int code = mpi_call();
  seconds += MPI_Wtime() - start;
  check_mpi(code, name);
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
  for (const auto& s : slots_) wire::append(s.message, sent_);
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
  if (rank_ == root) wire::append(slot(sender).message, sent_);
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
  const std::size_t bytes = wire::read(at, received_message_);
  const auto& m = received_message_;
  // The same additions, in the same order, as InProcessCommunicator::receive.
  if (m.sparse)
    for (std::size_t j = 0; j < m.indices.size(); ++j)
      result.mean_message[m.indices[j]] += m.values[static_cast<Eigen::Index>(j)];
  else
    result.mean_message += m.values;
  traffic_.bits_up += m.bits;
  return bytes;
}

}  // namespace biasbound::methods
