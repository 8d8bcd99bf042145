#pragma once
// Memory-based distributed SGD with local momentum (THEORY.md §4, mdsgd-nonconvex). Worker i
// keeps a heavy-ball buffer z_i and a compression memory u_i (both zero at the start):
//   z_i ← β̃ z_i + g_i(x_k),  w_i = u_i + z_i,  send C(w_i),  u_i ← w_i − C(w_i),
// and the server steps x_{k+1} = x_k − (η/n) Σ_i C(w_i).

#include <cstdint>
#include <vector>

#include "estimators/pipeline.hpp"
#include "methods/method.hpp"
#include "methods/step_size.hpp"

namespace biasbound::methods {

struct MdsgdParams {
  StepSize eta{};   // η_k: constant or a schedule
  double beta = 0;  // β̃, the heavy-ball coefficient in [0, 1); 0 is no momentum

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

class Mdsgd final : public Method {
 public:
  /// `estimator` gives g_i (source + transforms); `compressor` is C alone.
  Mdsgd(const problems::Problem& problem, const estimators::Pipeline& estimator,
        const estimators::Pipeline& compressor, const MdsgdParams& params,
        Communicator& communicator);

  /// Starts a run: x = x₀, k = 0, every z_i and u_i zero, every worker's stage state cleared.
  void reset(std::uint64_t seed) override;
  /// One iteration from x_k; returns f(x_k) and ‖∇f(x_k)‖².
  Observation step() override;
  /// f and ‖∇f‖² at the current iterate, without stepping (no traffic).
  Observation observe() override;

  const problems::Vector& x() const override { return x_; }
  /// Worker w's momentum buffer z_{k−1,w} (the one the next step decays).
  const problems::Vector& momentum(int worker) const { return at(momenta_, worker); }
  /// Worker w's compression memory u_{k,w} (the one the next step adds).
  const problems::Vector& memory(int worker) const { return at(memories_, worker); }
  /// Worker w's gradient estimate g_{k,w} of the last step.
  const problems::Vector& estimate(int worker) const { return at(estimates_, worker); }
  long long iteration() const override { return k_; }
  const Communicator& communicator() const override { return communicator_; }
  std::string_view name() const override { return "mdsgd"; }

 private:
  static const problems::Vector& at(const std::vector<problems::Vector>& v, int worker) {
    return v[static_cast<std::size_t>(worker)];
  }
  void work(int worker, problems::ConstVectorRef x, RoundKind kind, WorkerSlot& slot);

  const problems::Problem& problem_;
  MdsgdParams params_;
  Communicator& communicator_;
  std::vector<estimators::Pipeline> estimators_;  // per worker: they own per-worker state
  std::vector<estimators::Pipeline> compressors_;
  std::vector<problems::Vector> momenta_;
  std::vector<problems::Vector> memories_;
  std::vector<problems::Vector> estimates_;
  std::vector<core::Rng> rngs_;
  WorkerTask task_;
  std::uint64_t seed_ = 0;
  long long k_ = 0;
  problems::Vector x_;
  RoundResult round_;
};

}  // namespace biasbound::methods
