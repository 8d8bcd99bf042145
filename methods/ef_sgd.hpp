#pragma once
// Error-feedback SGD over n workers (THEORY.md §4, ef-sgd-nonconvex). Each worker i keeps its
// own memory e_i of what compression dropped:
//   p_i = γ g_i(x_k) + e_i,  Δ_i = C(p_i),  e_i ← p_i − Δ_i  (e_i = 0 at the start),
// and the server steps x_{k+1} = x_k − (1/n) Σ_i Δ_i.

#include <cstdint>
#include <vector>

#include "estimators/pipeline.hpp"
#include "methods/method.hpp"
#include "methods/step_size.hpp"

namespace biasbound::methods {

class EfSgd final : public Method {
 public:
  /// `estimator` gives g_i (source + transforms); `compressor` is C alone.
  EfSgd(const problems::Problem& problem, const estimators::Pipeline& estimator,
        const estimators::Pipeline& compressor, const StepSize& gamma, Communicator& communicator);

  /// Starts a run: x = x₀, k = 0, every memory zero, every worker's stage state cleared.
  void reset(std::uint64_t seed) override;
  /// One iteration from x_k; returns f(x_k) and ‖∇f(x_k)‖².
  Observation step() override;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  Observation observe() override;

  const problems::Vector& x() const override { return x_; }
  /// Worker w's memory e_{k,w} after the last step.
  const problems::Vector& memory(int worker) const {
    return memories_[static_cast<std::size_t>(worker)];
  }
  /// The mean of the workers' compressed updates Δ_i of the last step.
  const problems::Vector& update() const { return round_.mean_message; }
  long long iteration() const override { return k_; }
  const Communicator& communicator() const override { return communicator_; }
  std::string_view name() const override { return "ef-sgd"; }

 private:
  void work(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot);

  const problems::Problem& problem_;
  StepSize gamma_;
  Communicator& communicator_;
  std::vector<estimators::Pipeline> estimators_;  // per worker: they own per-worker state
  std::vector<estimators::Pipeline> compressors_;
  std::vector<problems::Vector> memories_;
  std::vector<core::Rng> rngs_;
  WorkerTask task_;
  std::uint64_t seed_ = 0;
  long long k_ = 0;
  problems::Vector x_;
  RoundResult round_;
};

}  // namespace biasbound::methods
