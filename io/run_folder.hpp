#pragma once
// The folder of `biasbound run`: a whole experiment of one catalog method (server momentum by
// default; delayed GD, block-coordinate descent, EF-SGD, M-DSGD), R seeds of T iterations on one
// problem, writing DIR/trace.csv as it goes and DIR/run.json
// (resolved configuration, problem constants, library versions, wall time, traffic, per-seed
// results). run.json says "running" until the run ends as "completed", "diverged" or
// "interrupted"; a run killed outright leaves "running", which readers treat as interrupted.
// It is the I/O layer over the library's run loop (methods::run_seed with the TraceCsv,
// ProgressBar and StopOnSignal callbacks): the folder, its files and the signals are the
// client's business, not the library's.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "methods/seed_run.hpp"
#include "methods/server_momentum.hpp"

namespace biasbound::io {

struct RunConfig {
  std::string problem{};
  std::string estimator{};  // the pipeline (server momentum), the source g_i (EF, M-DSGD)
  int workers = 1;
  methods::StepSize gamma{};  // constant, or a schedule of exactly `iterations` steps
  double beta = 1;
  long long iterations = 0;
  int seeds = 1;
  std::uint64_t first_seed = 1;
  methods::MomentumInit init = methods::MomentumInit::kZero;
  methods::MethodKind method = methods::MethodKind::kServerMomentum;
  std::string compressor{};  // C (EF, M-DSGD, delayed GD), Q (block-coordinate descent)
  int tau = 0;               // largest staleness (delayed GD, block-coordinate descent)
  methods::Staleness staleness = methods::Staleness::kFixed;
  int blocks = 1;                                                // B (block-coordinate descent)
  double beta_tilde = 0;                                         // heavy-ball coefficient (M-DSGD)
  methods::RefreshOrder order = methods::RefreshOrder::kCyclic;  // who refreshes (IAG)
  int threads = 0;           // 0: min(hardware threads, workers)
  long long eval_every = 0;  // 0: about 50 evaluations per run
  std::filesystem::path out;
  bool force = false;  // replace other results in `out` (core::claim_output_folder)
  bool progress = true;
  // Run every seed even after one diverged (a sweep counts the diverged seeds of each cell);
  // otherwise the run stops at the first divergence.
  bool run_all_seeds = false;
  // Called at every iterate with the steps taken so far over all seeds (a client's own
  // progress, e.g. a sweep's one bar across its cells).
  std::function<void(long long steps)> on_step{};

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;

  /// The method to run, as the library describes it.
  methods::MethodSpec method_spec() const;

  /// The settings of the method that change its trace, as run.json's config names them: those
  /// of server momentum (estimator, gamma, beta, init) and, for another method, its own. A key
  /// a method does not read is left out, so two runs that differ only in it are the same run.
  core::Json method_json() const;
};

struct RunOutcome {
  core::Json record;                      // the content of run.json
  std::optional<std::string> divergence;  // set when a seed diverged (the run stopped there)
  int interrupted_by = 0;  // SIGINT or SIGTERM when the run stopped for one (core/interrupt.hpp)
  std::optional<std::string> interruption;  // then: where it stopped, in words
};

/// The iterations between evaluations when RunConfig::eval_every is 0: max(1, T/50).
long long default_eval_every(long long iterations);

/// Refuses an `out` that holds other results (another command's, or another configuration's)
/// unless config.force; the same configuration is recomputed and overwritten. Stops between
/// iterations when core::interrupt_signal() is set, with run.json's status "interrupted".
RunOutcome run_method(const RunConfig& config);

}  // namespace biasbound::io
