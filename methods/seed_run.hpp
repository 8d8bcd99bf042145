#pragma once
// One seed of any method of the catalog (THEORY.md §4), recording at every iterate what the
// theorems bound: f(x_k), ‖∇f(x_k)‖² and, for server momentum, f(z_k) and ‖v_{k−1}‖² of the
// virtual sequence z_k = x_k − γ((1 − β)/β) v_{k−1} (momentum-pl's Lyapunov function).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "methods/delayed_gd.hpp"
#include "methods/server_momentum.hpp"

namespace biasbound::methods {

enum class MethodKind {
  kServerMomentum,  // biased SGD (β = 1), server EMA momentum, compressed GD (exact + C)
  kEfSgd,
  kMdsgd,
  kDelayedGd
};

std::string_view to_string(MethodKind kind);

struct MethodSpec {
  MethodKind kind = MethodKind::kServerMomentum;
  std::string estimator;   // the pipeline (server momentum), or the source g_i (EF, M-DSGD)
  std::string compressor;  // C for EF, M-DSGD and delayed GD ("identity": none)
  double gamma = 0;        // step; for M-DSGD the effective step η/(1 − β̃)
  double beta = 1;         // server momentum's EMA weight
  MomentumInit init = MomentumInit::kZero;
  double beta_tilde = 0;  // M-DSGD's heavy-ball coefficient
  int tau = 0;            // delayed GD's largest staleness
  Staleness staleness = Staleness::kFixed;
};

/// Per iterate k = 0..T of one seed; the virtual columns are empty unless requested.
struct SeedTrace {
  std::uint64_t seed = 0;
  std::vector<double> f;
  std::vector<double> grad_norm2;
  std::vector<double> f_virtual;          // f(z_k)
  std::vector<double> v_norm2;            // ‖v_{k−1}‖² (0 at k = 0)
  std::optional<std::string> divergence;  // "diverged at iteration k: ..." (the trace stops there)
};

/// Called about every 1% of a seed's iterations with the number of iterations done since the
/// previous call (for progress reports; it must be thread-safe when seeds run in parallel).
using IterationsDone = std::function<void(long long)>;

/// Runs `iterations` steps from x₀ on the calling thread. `virtual_sequence` records f(z_k) and
/// ‖v_{k−1}‖² (server momentum only: one more function evaluation per iterate).
SeedTrace run_seed(const problems::Problem& problem, const MethodSpec& spec, std::uint64_t seed,
                   long long iterations, bool virtual_sequence,
                   const IterationsDone& on_progress = {});

}  // namespace biasbound::methods
