#pragma once
// Compressed incremental aggregated gradient (IAG; THEORY.md §4, iag-pl):
//   x_{k+1} = x_k − γ (1/n) Σ_i y_i,  y_i = C(∇f_i(x_{k−τ_i(k)})) the last message of worker i.
// The server keeps every worker's last compressed message. Step 0 fills them: every worker
// sends C(∇f_i(x₀)), one single-sender round each. At every later step k one worker i_k refreshes
// its message at x_k — cyclic (i_k = k mod n) or uniform from the server's stream keyed by (seed,
// k) — and only it receives x and sends (Communicator::round_one), so the traffic is one message
// per step. With a deterministic C this is delayed compressed GD with per-worker staleness τ_i(k) ≤
// n − 1 (cyclic); with a random C the stored draws are reused, so C's noise is not fresh.

#include <cstdint>
#include <string_view>
#include <vector>

#include "estimators/pipeline.hpp"
#include "methods/method.hpp"
#include "methods/step_size.hpp"

namespace biasbound::methods {

enum class RefreshOrder { kCyclic, kRandom };

/// "cyclic" or "random"; anything else is an InputError naming `source`.
RefreshOrder parse_refresh_order(std::string_view text, std::string_view source);
std::string_view to_string(RefreshOrder order);

struct IagParams {
  StepSize gamma{};  // γ_k: constant or a schedule
  RefreshOrder order = RefreshOrder::kCyclic;

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

class Iag final : public Method {
 public:
  /// `compressor` is C alone ("identity": plain IAG).
  Iag(const problems::Problem& problem, const estimators::Pipeline& compressor,
      const IagParams& params, Communicator& communicator);

  /// Starts a run: x = x₀, k = 0, no stored messages, every compressor's state cleared.
  void reset(std::uint64_t seed) override;
  /// One iteration from x_k (step 0 fills every message); returns f(x_k) and ‖∇f(x_k)‖².
  Observation step() override;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  Observation observe() override;

  const problems::Vector& x() const override { return x_; }
  /// The worker that refreshed its message at the last step (−1 after step 0: all of them).
  int refreshed() const { return refreshed_; }
  /// The iteration at which worker i's stored message was computed (−1: none yet).
  long long refreshed_at(int worker) const {
    return refreshed_at_[static_cast<std::size_t>(worker)];
  }
  /// Worker i's stored message y_i (dense).
  const problems::Vector& stored(int worker) const {
    return stored_[static_cast<std::size_t>(worker)];
  }
  long long iteration() const override { return k_; }
  const Communicator& communicator() const override { return communicator_; }
  std::string_view name() const override { return "iag"; }

 private:
  void work(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot);
  int draw_worker();
  void store(int worker, const problems::Vector& message);

  const problems::Problem& problem_;
  IagParams params_;
  Communicator& communicator_;
  std::vector<estimators::Pipeline> compressors_;  // per worker: they own per-worker state
  std::vector<core::Rng> rngs_;
  core::Rng server_rng_;
  WorkerTask task_;
  std::uint64_t seed_ = 0;
  long long k_ = 0;
  int refreshed_ = -1;
  problems::Vector x_;
  std::vector<problems::Vector> stored_;  // y_i
  std::vector<long long> refreshed_at_;
  problems::Vector sum_;  // Σ_i y_i, summed in worker order after every refresh
  RoundResult round_;
};

}  // namespace biasbound::methods
