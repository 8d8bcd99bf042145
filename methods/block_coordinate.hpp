#pragma once
// Asynchronous compressed block-coordinate descent (THEORY.md §4, block-coordinate-pl):
//   x_{k+1} = x_k − γ U_b Q(∇_b f(x_{k−τ_k})),  b = b_k uniform on the B blocks,
// the blocks contiguous and as equal as possible (problems/block_partition.hpp), τ_k as in
// delayed GD (methods/staleness.hpp). Every round, worker i applies Q to each block of
// ∇f_i(x_k) on its own (Q's spec is resolved against the block: rand-k's frac is a fraction of
// d_b, its α is d_b/k); the server keeps the last τ + 1 aggregates and moves block b_k along
// the one τ_k rounds old. Q's draws are the worker's stream of that round, the staleness the
// server's, exactly as in delayed GD, so B = 1 is delayed compressed GD bit for bit. The block
// is drawn from a server stream of its own.

#include <cstdint>
#include <string_view>
#include <vector>

#include "estimators/pipeline.hpp"
#include "methods/method.hpp"
#include "methods/staleness.hpp"
#include "methods/step_size.hpp"
#include "problems/block_partition.hpp"

namespace biasbound::methods {

struct BlockCoordinateParams {
  StepSize gamma{};  // γ_k: constant or a schedule
  int tau = 0;
  Staleness staleness = Staleness::kFixed;
  int blocks = 1;  // B

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

class BlockCoordinate final : public Method {
 public:
  /// `compressor` is Q's spec ("identity": plain asynchronous block-coordinate descent),
  /// parsed once per block against the block's dimension.
  BlockCoordinate(const problems::Problem& problem, std::string_view compressor,
                  const BlockCoordinateParams& params, Communicator& communicator);

  /// Starts a run: x = x₀, k = 0, no stored aggregates, every compressor's state cleared.
  void reset(std::uint64_t seed) override;
  /// One iteration from x_k; returns f(x_k) and ‖∇f(x_k)‖².
  Observation step() override;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  Observation observe() override;

  const problems::Vector& x() const override { return x_; }
  const problems::BlockPartition& partition() const { return partition_; }
  /// τ_k and b_k of the last step.
  int staleness() const { return staleness_; }
  int block() const { return block_; }
  long long iteration() const override { return k_; }
  const Communicator& communicator() const override { return communicator_; }
  std::string_view name() const override { return "block-coordinate"; }

 private:
  std::size_t slot(long long iteration) const {
    return static_cast<std::size_t>(iteration % static_cast<long long>(ring_.size()));
  }
  void work(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot);
  void compress_blocks(int worker, const estimators::Context& context, WorkerSlot& slot);
  int draw_block();

  const problems::Problem& problem_;
  BlockCoordinateParams params_;
  problems::BlockPartition partition_;
  Communicator& communicator_;
  // compressors_[worker][block]: every worker owns its blocks' compressors (and their state).
  std::vector<std::vector<estimators::Pipeline>> compressors_;
  std::vector<std::vector<estimators::Message>> block_messages_;  // per worker, per block
  std::vector<core::Rng> rngs_;
  core::Rng server_rng_;
  WorkerTask task_;
  std::uint64_t seed_ = 0;
  long long k_ = 0;
  int staleness_ = 0;
  int block_ = 0;
  problems::Vector x_;
  std::vector<problems::Vector> ring_;  // the aggregate of round j at ring_[j mod (τ + 1)]
  RoundResult round_;
};

}  // namespace biasbound::methods
