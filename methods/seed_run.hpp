#pragma once
// Any method of the catalog (THEORY.md §4) from its description, and one seed of it driven by
// the run loop (methods/run_loop.hpp) on the calling thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "methods/block_coordinate.hpp"
#include "methods/delayed_gd.hpp"
#include "methods/iag.hpp"
#include "methods/method.hpp"
#include "methods/server_momentum.hpp"
#include "methods/step_size.hpp"
#include "methods/trace.hpp"

namespace biasbound::methods {

enum class MethodKind {
  kServerMomentum,  // biased SGD (β = 1), server EMA momentum, compressed GD (exact + C)
  kEfSgd,
  kMdsgd,
  kDelayedGd,
  kBlockCoordinate,
  kIag
};

std::string_view to_string(MethodKind kind);
/// The kind to_string names; anything else is an InputError listing the names.
MethodKind parse_method_kind(std::string_view name);

struct MethodSpec {
  MethodKind kind = MethodKind::kServerMomentum;
  std::string estimator{};   // the pipeline (server momentum), or the source g_i (EF, M-DSGD)
  std::string compressor{};  // C for EF, M-DSGD, delayed GD, IAG; Q for block-coordinate descent
  StepSize gamma{};          // γ_k; for M-DSGD the effective step η_k/(1 − β̃)
  double beta = 1;           // server momentum's EMA weight
  MomentumInit init = MomentumInit::kZero;
  double beta_tilde = 0;  // M-DSGD's heavy-ball coefficient
  int tau = 0;            // delayed GD's and block-coordinate descent's largest staleness
  Staleness staleness = Staleness::kFixed;
  int blocks = 1;                              // block-coordinate descent's B
  RefreshOrder order = RefreshOrder::kCyclic;  // IAG: which worker refreshes its message
};

/// The method `spec` describes on `problem`, talking to its workers through `communicator`
/// (which must outlive it; so must `problem`).
std::unique_ptr<Method> make_method(const problems::Problem& problem, const MethodSpec& spec,
                                    Communicator& communicator);

/// Called about every 1% of a seed's iterations with the number of iterations done since the
/// previous call (for progress reports; it must be thread-safe when seeds run in parallel).
using IterationsDone = std::function<void(long long)>;

/// Runs `iterations` steps from x₀ on the calling thread, workers one after another.
/// `virtual_sequence` records f(z_k) and ‖v_{k−1}‖² (server momentum only).
SeedTrace run_seed(const problems::Problem& problem, const MethodSpec& spec, std::uint64_t seed,
                   long long iterations, bool virtual_sequence,
                   const IterationsDone& on_progress = {});

}  // namespace biasbound::methods
