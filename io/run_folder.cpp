#include "io/run_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <functional>
#include <limits>
#include <optional>

#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/output_folder.hpp"
#include "core/schema.hpp"
#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "methods/backend.hpp"
#include "methods/callbacks/function_callbacks.hpp"
#include "methods/callbacks/progress_bar.hpp"
#include "methods/callbacks/stop_on_signal.hpp"
#include "methods/callbacks/trace_csv.hpp"
#include "methods/mpi_session.hpp"
#include "methods/run_loop.hpp"
#include "problems/factory.hpp"
#include "validators/scenario_step.hpp"

namespace biasbound::io {
namespace {

using Clock = std::chrono::steady_clock;

std::string_view to_string(methods::MomentumInit init) {
  return init == methods::MomentumInit::kZero ? "zero" : "first";
}

core::Json constants_json(const problems::AnalyticConstants& c) {
  return {{"L", core::optional_json(c.L)},
          {"mu", core::optional_json(c.mu)},
          {"f_star", core::optional_json(c.f_star)},
          {"note", c.note}};
}

core::Json metrics_json(const std::optional<problems::ClassificationMetrics>& m) {
  if (!m) return nullptr;
  return {{"train_loss", m->train_loss},
          {"train_acc", m->train_accuracy},
          {"test_loss", core::optional_json(m->test_loss)},
          {"test_acc", core::optional_json(m->test_accuracy)}};
}

// The bit-cost model's volume and, under MPI, the bytes of messages the ranks received from each
// other (summed over ranks: a collective, so every rank calls it).
core::Json traffic_json(const methods::Communicator& communicator, int dim) {
  const auto& t = communicator.traffic();
  core::Json j = {{"model", fmt::format("32-bit floats, {}-bit indices",
                                        std::ceil(std::log2(std::max(2, dim))))},
                  {"rounds", t.rounds},
                  {"bits_up", t.bits_up},
                  {"bits_down", t.bits_down},
                  {"bytes_up", t.bits_up / 8},
                  {"bytes_down", t.bits_down / 8},
                  {"bytes_total", (t.bits_up + t.bits_down) / 8}};
  if (const auto* session = methods::MpiSession::current(); session && session->active())
    j["mpi"] = {{"ranks", session->size()},
                {"message_bytes_received", session->sum(t.wire_bytes)},
                {"seconds_in_communication", session->sum(t.wire_seconds) / session->size()},
                {"note",
                 "bytes of messages MPI delivered between ranks (each rank receives every other "
                 "rank's messages; x is not sent: every rank computes the same iterate); seconds "
                 "in MPI calls per rank, averaged over ranks, waiting for slower ranks "
                 "included"}};
  return j;
}

// The trace file is rank 0's: the other ranks of an MPI job run the same loop without one.
class RootTrace {
 public:
  explicit RootTrace(std::optional<methods::callbacks::TraceCsv>& file) : file_(file) {}
  void before_step(methods::LoopState& state) {
    if (file_) file_->before_step(state);
  }
  bool observed(methods::LoopState& state, const methods::Observation& observation) {
    return file_ && file_->observed(state, observation);
  }
  std::optional<problems::ClassificationMetrics> metrics() const {
    return file_ ? file_->metrics() : std::nullopt;
  }

 private:
  std::optional<methods::callbacks::TraceCsv>& file_;
};

// SIGINT/SIGTERM stop the run between iterations on every rank at once: mpirun forwards the
// signal to every rank, which may see it at different iterations, so they agree each iteration.
class AgreedStopOnSignal {
 public:
  bool should_stop(const methods::LoopState& state) {
    const bool mine = own_.should_stop(state);
    const auto* session = methods::MpiSession::current();
    const bool any = session ? session->any(mine) : mine;
    if (any && !mine) other_ = true;
    return any;
  }
  std::string stop_reason() const {
    return other_ ? "another rank of the job was stopped by a signal" : own_.stop_reason();
  }
  int signal() const { return own_.signal() != 0 ? own_.signal() : other_ ? SIGTERM : 0; }

 private:
  methods::callbacks::StopOnSignal own_;
  bool other_ = false;
};

// Runs `work` on rank 0 of an MPI job, sharing its bad input with every rank; plain otherwise.
void on_root(const std::function<void()>& work) {
  const auto* session = methods::MpiSession::current();
  if (session) return session->on_root(work);
  work();
}

// Where an interrupted run stopped: `k` iterations of `seed` done, so trace.csv's last row for
// it is iteration k − 1 (none when k = 0).
core::Json interruption_json(int signal, std::uint64_t seed, long long k) {
  const auto name = core::signal_name(signal);
  return {{"signal", name},
          {"seed", seed},
          {"last_iteration", k > 0 ? core::Json(k - 1) : core::Json(nullptr)},
          {"message",
           k > 0 ? fmt::format("interrupted by {} at seed {} after iteration {}", name, seed, k - 1)
                 : fmt::format("interrupted by {} before seed {} started", name, seed)}};
}

// Delayed GD, block-coordinate descent and IAG send C(∇f_i): they read no estimator.
bool sends_exact_gradients(methods::MethodKind kind) {
  using methods::MethodKind;
  return kind == MethodKind::kDelayedGd || kind == MethodKind::kBlockCoordinate ||
         kind == MethodKind::kIag;
}

// The settings of the other methods, named here so that an error names the client's field.
void check_method(const RunConfig& c) {
  using methods::MethodKind;
  const auto method = c.method;
  const bool needs_compressor = method == MethodKind::kEfSgd || method == MethodKind::kMdsgd;
  if (needs_compressor && c.compressor.empty())
    throw core::field_error(
        "RunConfig.compressor", "''",
        fmt::format("{} needs a compressor C, e.g. topk:frac=0.1", methods::to_string(method)));
  if (c.tau < 0 || c.tau > 100000)
    throw core::field_error("RunConfig.tau", c.tau, "must be in [0, 100000]");
  if (c.blocks < 1) throw core::field_error("RunConfig.blocks", c.blocks, "must be at least 1");
  if (!(c.beta_tilde >= 0 && c.beta_tilde < 1))
    throw core::field_error("RunConfig.beta_tilde", c.beta_tilde, "must be in [0, 1)");
}

// A constant step as its number (as run.json always had it), a schedule as [[T1, g1], ...].
core::Json gamma_json(const methods::StepSize& gamma) {
  return gamma.constant() ? core::Json(gamma.at(0)) : validators::stages_json(gamma);
}

}  // namespace

void RunConfig::check() const {
  if (workers < 1) throw core::field_error("RunConfig.workers", workers, "must be at least 1");
  gamma.check("RunConfig.gamma");
  if (!(beta > 0 && beta <= 1))
    throw core::field_error("RunConfig.beta", beta, "must be in (0, 1]");
  if (iterations < 1)
    throw core::field_error("RunConfig.iterations", iterations, "must be at least 1");
  if (!gamma.constant() && gamma.horizon() != iterations)
    throw core::fields_error(
        "RunConfig.gamma", gamma.text(), "RunConfig.iterations", iterations,
        fmt::format("the schedule runs Σ T_s = {} iterations: make them agree", gamma.horizon()));
  if (seeds < 1) throw core::field_error("RunConfig.seeds", seeds, "must be at least 1");
  constexpr auto kLargest = std::numeric_limits<std::uint64_t>::max();
  if (first_seed > kLargest - (seeds - 1u))
    throw core::fields_error("RunConfig.first_seed", first_seed, "RunConfig.seeds", seeds,
                             fmt::format("the seeds run past the largest seed {}", kLargest));
  if (threads < 0)
    throw core::field_error("RunConfig.threads", threads, "must be >= 0 (0 picks the default)");
  if (eval_every < 0)
    throw core::field_error("RunConfig.eval_every", eval_every,
                            "must be >= 0 (0 picks the default)");
  if (out.empty()) throw core::field_error("RunConfig.out", "''", "must name a directory");
  check_method(*this);
}

long long default_eval_every(long long iterations) {
  return std::max(1LL, iterations / 50);
}

methods::MethodSpec RunConfig::method_spec() const {
  // Without C the methods of exact gradients send the gradient itself.
  const auto c =
      sends_exact_gradients(method) && compressor.empty() ? std::string("identity") : compressor;
  return {method, estimator, c, gamma, beta, init, beta_tilde, tau, staleness, blocks, order};
}

core::Json RunConfig::method_json() const {
  using methods::MethodKind;
  core::Json json = {{"method", methods::to_string(method)}};
  const bool momentum = method == MethodKind::kServerMomentum;
  const bool asynchronous =
      method == MethodKind::kDelayedGd || method == MethodKind::kBlockCoordinate;
  if (!sends_exact_gradients(method)) json["estimator"] = estimator;
  if (!momentum) json["compressor"] = method_spec().compressor;
  json["gamma"] = gamma_json(gamma);
  if (momentum) {
    json["beta"] = beta;
    json["init"] = to_string(init);
  }
  if (method == MethodKind::kMdsgd) json["beta_tilde"] = beta_tilde;
  if (asynchronous) {
    json["tau"] = tau;
    json["staleness"] = methods::to_string(staleness);
  }
  if (method == MethodKind::kBlockCoordinate) json["blocks"] = blocks;
  if (method == MethodKind::kIag) json["order"] = methods::to_string(order);
  return json;
}

RunOutcome run_method(const RunConfig& c) {
  c.check();
  const auto start = Clock::now();
  const bool root = methods::mpi_root();  // under mpirun, rank 0 alone writes
  if (root) {
    std::error_code error;
    std::filesystem::create_directories(c.out, error);
    if (error)
      throw core::field_error("RunConfig.out", fmt::format("'{}'", c.out.string()),
                              error.message());
  }

  const auto problem = problems::make_problem(c.problem, c.workers);
  const int threads = methods::backend_threads(c.threads, c.workers);
  const long long eval_every = c.eval_every > 0 ? c.eval_every : default_eval_every(c.iterations);
  core::ThreadPool pool(threads);
  const auto communicator = methods::make_communicator(c.workers, problem->dim(), pool);
  auto spec = c.method_spec();
  auto config = c.method_json();
  core::Json described = core::Json::object();
  // run.json names the pipelines as the library resolves them (defaults written out).
  if (config.contains("estimator")) {
    const auto estimator = estimators::Pipeline::parse(c.estimator, *problem);
    spec.estimator = estimator.text();
    config["estimator"] = spec.estimator;
    described["estimator"] = estimator.describe();
  }
  const auto method = methods::make_method(*problem, spec, *communicator);

  config.update(core::Json{{"problem", c.problem},
                           {"workers", c.workers},
                           {"iters", c.iterations},
                           {"seeds", c.seeds},
                           {"first_seed", c.first_seed},
                           {"threads", threads},
                           {"eval_every", eval_every},
                           {"out", c.out.string()},
                           {"backend", methods::backend_name()}});
  core::Json record = {{"command", "run"},
                       {"status", "running"},
                       {"config", config},
                       {"problem", problem->describe()},
                       {"problem_constants", constants_json(problem->constants())},
                       {"build", core::build_info()}};
  record.update(described);
  core::stamp(record, core::Artifact::kRun);
  // Threads do not change the trace (docs: reproducibility), and the same folder may be named
  // differently; everything else in the resolved configuration does.
  const auto run_json = c.out / "run.json";
  std::optional<methods::callbacks::TraceCsv> trace_file;
  on_root([&] {
    core::claim_output_folder(
        c.out, {core::ResultKind::kRun, record["config"], {"threads", "out", "backend"}, c.force});
    core::write_json_file(run_json, record);
    trace_file.emplace(c.out / "trace.csv", *problem, eval_every);
  });
  RootTrace trace_csv(trace_file);
  methods::callbacks::ProgressBar progress(c.seeds * c.iterations, "run", c.progress && root);
  AgreedStopOnSignal signal;

  RunOutcome outcome;
  core::Json results = core::Json::array();
  const auto stop = [&] {
    return outcome.interrupted_by || (outcome.divergence && !c.run_all_seeds);
  };
  for (int r = 0; r < c.seeds && !stop(); ++r) {
    const std::uint64_t seed = c.first_seed + static_cast<std::uint64_t>(r);
    const auto steps_before = static_cast<long long>(r) * c.iterations;
    methods::callbacks::AtIterate on_step([&](methods::LoopState& state) {
      if (c.on_step) c.on_step(steps_before + state.k);
    });
    const auto trace =
        methods::run_seed(*method, seed, c.iterations, signal, trace_csv, progress, on_step);
    const auto rows = static_cast<long long>(trace.f.size());
    // Steps taken: an interrupted seed stopped before step `rows`; otherwise the last row is
    // the last iterate (x_T, or the one where the run diverged).
    const long long k = trace.stopped ? rows : rows - 1;
    core::Json result = {{"seed", seed}};
    if (trace.divergence) {
      if (!outcome.divergence)
        outcome.divergence = fmt::format("seed {} {}", seed, *trace.divergence);
      result["diverged"] = *trace.divergence;
    } else if (trace.stopped) {
      outcome.interrupted_by = signal.signal();
      record["interruption"] = interruption_json(outcome.interrupted_by, seed, k);
      outcome.interruption = record["interruption"]["message"].get<std::string>();
      result["interrupted"] = true;
    } else {
      result["final"] = {{"f", trace.f.back()},
                         {"grad_norm2", trace.grad_norm2.back()},
                         {"metrics", metrics_json(trace_csv.metrics())}};
    }
    result["iterations"] = k;
    results.push_back(result);
  }
  const char* status = outcome.interrupted_by ? "interrupted"
                       : outcome.divergence   ? "diverged"
                                              : "completed";
  progress.finish(status);

  record["status"] = status;
  if (outcome.divergence) record["divergence"] = *outcome.divergence;
  record["results"] = results;
  record["communication"] = traffic_json(*communicator, problem->dim());
  record["wall_time_s"] = std::chrono::duration<double>(Clock::now() - start).count();
  if (root) core::write_json_file(run_json, record);
  outcome.record = std::move(record);
  return outcome;
}

}  // namespace biasbound::io
