#pragma once
// Delayed (asynchronous) compressed gradient descent (THEORY.md §4, delayed-compressed-gd-pl):
//   x_{k+1} = x_k − γ C(∇f(x_{k−τ_k})),  τ_k = min(τ, k) (fixed) or uniform on {0, ..., min(τ, k)}
// (random, one draw per iteration shared by all workers). Every round, worker i sends
// C(∇f_i(x_k)); the server keeps the last τ + 1 aggregates and steps along the one τ_k rounds old.
// The estimator stage `delay` instead draws each worker's staleness on its own; with one worker
// or fixed staleness the two coincide.

#include <cstdint>
#include <vector>

#include "estimators/pipeline.hpp"
#include "methods/method.hpp"
#include "methods/staleness.hpp"
#include "methods/step_size.hpp"

namespace biasbound::methods {

struct DelayedGdParams {
  StepSize gamma{};  // γ_k: constant or a schedule
  int tau = 0;
  Staleness staleness = Staleness::kFixed;

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

class DelayedGd final : public Method {
 public:
  /// `compressor` is C alone ("identity" is plain delayed GD).
  DelayedGd(const problems::Problem& problem, const estimators::Pipeline& compressor,
            const DelayedGdParams& params, Communicator& communicator);

  /// Starts a run: x = x₀, k = 0, no stored aggregates, every compressor's state cleared.
  void reset(std::uint64_t seed) override;
  /// One iteration from x_k; returns f(x_k) and ‖∇f(x_k)‖².
  Observation step() override;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  Observation observe() override;

  const problems::Vector& x() const override { return x_; }
  /// τ_k of the last step.
  int staleness() const { return staleness_; }
  /// The aggregate C(∇f(x_{k−τ_k})) the last step moved along (scaled by γ); needs k ≥ 1.
  const problems::Vector& applied() const { return ring_[slot(k_ - 1 - staleness_)]; }
  long long iteration() const override { return k_; }
  const Communicator& communicator() const override { return communicator_; }
  std::string_view name() const override { return "delayed-gd"; }

 private:
  std::size_t slot(long long iteration) const {
    return static_cast<std::size_t>(iteration % static_cast<long long>(ring_.size()));
  }
  void work(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot);

  const problems::Problem& problem_;
  DelayedGdParams params_;
  Communicator& communicator_;
  std::vector<estimators::Pipeline> compressors_;  // per worker: they own per-worker state
  std::vector<core::Rng> rngs_;
  core::Rng server_rng_;
  WorkerTask task_;
  std::uint64_t seed_ = 0;
  long long k_ = 0;
  int staleness_ = 0;
  problems::Vector x_;
  std::vector<problems::Vector> ring_;  // the aggregate of round j at ring_[j mod (τ + 1)]
  RoundResult round_;
};

}  // namespace biasbound::methods
