#pragma once
// Server-side EMA momentum over n workers (THEORY.md §4, the seed paper's algorithm):
//   g_k = (1/n) Σ_i C_i(g_i(x_k)),  v_k = (1 − β) v_{k−1} + β g_k,  x_{k+1} = x_k − γ v_k.
// β = 1 is distributed biased gradient descent. Two initialisations: v_{−1} = 0 (kZero, what
// the theorems analyse) and v_0 = g_0 (kFirst, PyTorch's SGD with momentum = dampening = 1 − β).

#include <cstdint>
#include <string_view>
#include <vector>

#include "estimators/pipeline.hpp"
#include "methods/method.hpp"
#include "methods/step_size.hpp"

namespace biasbound::methods {

enum class MomentumInit { kZero, kFirst };

/// "zero" or "first", as scenarios and the --init flag name them.
MomentumInit parse_init(std::string_view name);

struct MomentumParams {
  StepSize gamma{};  // γ_k: constant or a schedule
  double beta = 1;
  MomentumInit init = MomentumInit::kZero;

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

class ServerMomentum final : public Method {
 public:
  ServerMomentum(const problems::Problem& problem, const estimators::Pipeline& estimator,
                 const MomentumParams& params, Communicator& communicator);

  /// Starts a run: x = x₀, v = 0, k = 0, every worker's estimator state cleared.
  void reset(std::uint64_t seed) override;
  /// One iteration from x_k; returns f(x_k) and ‖∇f(x_k)‖².
  Observation step() override;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  Observation observe() override;

  const problems::Vector& x() const override { return x_; }
  const problems::Vector& v() const { return v_; }
  const MomentumParams& params() const { return params_; }
  const problems::Problem& problem() const { return problem_; }
  /// The aggregated estimate g_k of the last step.
  const problems::Vector& g() const { return round_.mean_message; }
  /// ∇f(x_k) at the iterate of the last step (or of the last observe()).
  const problems::Vector& gradient() const { return round_.mean_gradient; }
  long long iteration() const override { return k_; }
  /// Every worker's estimator with its state as of the current iterate: copying it forks the
  /// state, e.g. to measure what the next step sends conditionally on the past.
  const std::vector<estimators::Pipeline>& estimators() const { return estimators_; }
  const Communicator& communicator() const override { return communicator_; }
  std::string_view name() const override { return "server-momentum"; }

 private:
  void work(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot);

  const problems::Problem& problem_;
  MomentumParams params_;
  Communicator& communicator_;
  std::vector<estimators::Pipeline> estimators_;  // one per worker: they own per-worker state
  std::vector<core::Rng> rngs_;
  WorkerTask task_;
  std::uint64_t seed_ = 0;
  long long k_ = 0;
  problems::Vector x_;
  problems::Vector v_;
  RoundResult round_;
};

}  // namespace biasbound::methods
