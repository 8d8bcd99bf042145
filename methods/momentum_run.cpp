#include "methods/momentum_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/output_folder.hpp"
#include "core/progress.hpp"
#include "core/thread_pool.hpp"
#include "estimators/pipeline.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/trace_writer.hpp"
#include "problems/factory.hpp"

namespace biasbound::methods {
namespace {

using Clock = std::chrono::steady_clock;

std::string_view to_string(MomentumInit init) {
  return init == MomentumInit::kZero ? "zero" : "first";
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

core::Json traffic_json(const Traffic& t, int dim) {
  return {{"model",
           fmt::format("32-bit floats, {}-bit indices", std::ceil(std::log2(std::max(2, dim))))},
          {"rounds", t.rounds},
          {"bits_up", t.bits_up},
          {"bits_down", t.bits_down},
          {"bytes_up", t.bits_up / 8},
          {"bytes_down", t.bits_down / 8},
          {"bytes_total", (t.bits_up + t.bits_down) / 8}};
}

// Why the state after iteration k is unusable, if it is.
std::optional<std::string> divergence(const Observation& obs, const problems::Vector& next_x,
                                      long long k) {
  if (!std::isfinite(obs.f) || !std::isfinite(obs.grad_norm2))
    return fmt::format("diverged at iteration {}: f(x_{}) = {}, ||grad f||^2 = {}", k, k, obs.f,
                       obs.grad_norm2);
  if (!next_x.allFinite())
    return fmt::format("diverged at iteration {}: the iterate x_{} is not finite", k + 1, k + 1);
  return std::nullopt;
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

}  // namespace

MomentumInit parse_init(std::string_view name) {
  if (name == "zero") return MomentumInit::kZero;
  if (name == "first") return MomentumInit::kFirst;
  throw core::input_error("--init must be zero or first, got '{}'", name);
}

void validate(const RunConfig& c) {
  if (c.workers < 1) throw core::input_error("--workers must be at least 1, got {}", c.workers);
  if (!(c.gamma > 0) || !std::isfinite(c.gamma))
    throw core::input_error("--gamma must be a finite number > 0, got {}", c.gamma);
  if (!(c.beta > 0 && c.beta <= 1))
    throw core::input_error("--beta must be in (0, 1], got {}", c.beta);
  if (c.iterations < 1) throw core::input_error("--iters must be at least 1, got {}", c.iterations);
  if (c.seeds < 1) throw core::input_error("--seeds must be at least 1, got {}", c.seeds);
  if (c.first_seed > std::numeric_limits<std::uint64_t>::max() - (c.seeds - 1u))
    throw core::input_error("--seed {} with --seeds {} runs past the largest seed {}", c.first_seed,
                            c.seeds, std::numeric_limits<std::uint64_t>::max());
  if (c.threads < 0)
    throw core::input_error("--threads must be >= 0 (0 picks the default), got {}", c.threads);
  if (c.eval_every < 0)
    throw core::input_error("--eval-every must be >= 0 (0 picks the default), got {}",
                            c.eval_every);
  if (c.out.empty()) throw core::input_error("--out must name a directory");
}

RunOutcome run_momentum(const RunConfig& c) {
  validate(c);
  const auto start = Clock::now();
  std::error_code error;
  std::filesystem::create_directories(c.out, error);
  if (error) throw core::input_error("--out '{}': {}", c.out.string(), error.message());

  const auto problem = problems::make_problem(c.problem, c.workers);
  const auto estimator = estimators::Pipeline::parse(c.estimator, *problem);
  const int threads = c.threads > 0 ? c.threads : std::min(core::default_thread_count(), c.workers);
  const long long eval_every = c.eval_every > 0 ? c.eval_every : std::max(1LL, c.iterations / 50);
  core::ThreadPool pool(threads);
  InProcessCommunicator communicator(c.workers, problem->dim(), pool);
  ServerMomentum method(*problem, estimator, {c.gamma, c.beta, c.init}, communicator);

  core::Json record = {{"command", "run"},
                       {"status", "running"},
                       {"config",
                        {{"problem", c.problem},
                         {"estimator", estimator.text()},
                         {"method", "server-momentum"},
                         {"workers", c.workers},
                         {"gamma", c.gamma},
                         {"beta", c.beta},
                         {"init", to_string(c.init)},
                         {"iters", c.iterations},
                         {"seeds", c.seeds},
                         {"first_seed", c.first_seed},
                         {"threads", threads},
                         {"eval_every", eval_every},
                         {"out", c.out.string()},
                         {"backend", "in-process"}}},
                       {"problem", problem->describe()},
                       {"problem_constants", constants_json(problem->constants())},
                       {"estimator", estimator.describe()},
                       {"build", core::build_info()}};
  // Threads do not change the trace (docs: reproducibility), and the same folder may be named
  // differently; everything else in the resolved configuration does.
  core::claim_output_folder(
      c.out, {core::ResultKind::kRun, record["config"], {"threads", "out", "backend"}, c.force});
  const auto run_json = c.out / "run.json";
  core::write_json_file(run_json, record);

  const bool classification = problem->classification_metrics(method.x()).has_value();
  TraceWriter trace(c.out / "trace.csv", classification);
  core::Progress progress("run", c.seeds * c.iterations, c.progress);
  auto metrics_at = [&](long long k) {
    const bool due = k % eval_every == 0 || k == c.iterations;
    return due ? problem->classification_metrics(method.x()) : std::nullopt;
  };

  RunOutcome outcome;
  core::Json results = core::Json::array();
  for (int r = 0; r < c.seeds && !outcome.divergence && !outcome.interrupted_by; ++r) {
    const std::uint64_t seed = c.first_seed + static_cast<std::uint64_t>(r);
    method.reset(seed);
    core::Json result = {{"seed", seed}};
    long long k = 0;
    for (; k < c.iterations; ++k) {
      // Between iterations, so that trace.csv ends with a whole row and run.json can say which.
      if ((outcome.interrupted_by = core::interrupt_signal())) break;
      const auto metrics = metrics_at(k);
      const auto observation = method.step();
      trace.write(seed, k, observation, metrics);
      if (auto why = divergence(observation, method.x(), k)) {
        outcome.divergence = fmt::format("seed {} {}", seed, *why);
        result["diverged"] = *why;
        break;
      }
      progress.update(r * c.iterations + k + 1,
                      fmt::format("seed {} f={:.6g}", seed, observation.f));
    }
    if (outcome.interrupted_by) {
      record["interruption"] = interruption_json(outcome.interrupted_by, seed, k);
      outcome.interruption = record["interruption"]["message"].get<std::string>();
      result["interrupted"] = true;
    } else if (!outcome.divergence) {
      const auto metrics = metrics_at(k);
      const auto final_observation = method.observe();
      trace.write(seed, k, final_observation, metrics);
      result["final"] = {{"f", final_observation.f},
                         {"grad_norm2", final_observation.grad_norm2},
                         {"metrics", metrics_json(metrics)}};
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
  record["communication"] = traffic_json(communicator.traffic(), problem->dim());
  record["wall_time_s"] = std::chrono::duration<double>(Clock::now() - start).count();
  core::write_json_file(run_json, record);
  outcome.record = std::move(record);
  return outcome;
}

}  // namespace biasbound::methods
