#include "apps/run_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "apps/flag_names.hpp"
#include "apps/number_option.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/thread_pool.hpp"
#include "io/run_folder.hpp"

namespace biasbound::apps {
namespace {

struct RunOptions {
  io::RunConfig config;
  std::string init = "zero";
  bool json = false;
  bool quiet = false;
};

void print_run_summary(const core::Json& r) {
  const auto& cfg = r["config"];
  const auto& constants = r["problem_constants"];
  fmt::print("problem   {}\n", cfg["problem"].get<std::string>());
  fmt::print("estimator {}  ({} workers)\n", cfg["estimator"].get<std::string>(),
             cfg["workers"].get<int>());
  fmt::print("method    server momentum, gamma={} beta={} init={} iters={}\n",
             cfg["gamma"].get<double>(), cfg["beta"].get<double>(), cfg["init"].get<std::string>(),
             cfg["iters"].get<long long>());
  if (!constants["L"].is_null()) fmt::print("constants L = {:.6g}", constants["L"].get<double>());
  if (!constants["mu"].is_null()) fmt::print(", mu >= {:.6g}", constants["mu"].get<double>());
  fmt::print("\n");
  for (const auto& result : r["results"]) {
    if (!result.contains("final")) continue;
    const auto& f = result["final"];
    fmt::print("seed {:<4} f(x_T) = {:.6g}  |grad f(x_T)|^2 = {:.3g}",
               result["seed"].get<std::uint64_t>(), f["f"].get<double>(),
               f["grad_norm2"].get<double>());
    const auto& metrics = f["metrics"];
    if (!metrics.is_null()) fmt::print("  train acc {:.4f}", metrics["train_acc"].get<double>());
    if (!metrics.is_null() && !metrics["test_acc"].is_null())
      fmt::print("  test acc {:.4f}", metrics["test_acc"].get<double>());
    fmt::print("\n");
  }
  const auto& comm = r["communication"];
  fmt::print("traffic   {:.4g} MB up, {:.4g} MB down in {} rounds ({})\n",
             comm["bytes_up"].get<double>() / 1e6, comm["bytes_down"].get<double>() / 1e6,
             comm["rounds"].get<long long>(), comm["model"].get<std::string>());
  fmt::print("wrote     {0}/trace.csv and {0}/run.json in {1:.2f} s\n",
             cfg["out"].get<std::string>(), r["wall_time_s"].get<double>());
}

// run_momentum creates --out before it reads the problem; on bad input the folder it made is
// removed again (only when empty), so that bad input writes nothing.
io::RunOutcome run_leaving_nothing(const io::RunConfig& config) {
  const bool existed = std::filesystem::exists(config.out);
  try {
    return io::run_momentum(config);
  } catch (const core::InputError&) {
    std::error_code ignored;
    if (!existed && !config.out.empty()) std::filesystem::remove(config.out, ignored);
    throw;
  }
}

// The flag each RunConfig field is read from (defined below), so errors name the flag.
const FlagNames kRunFlags = {
    {"RunConfig.workers", "--workers"}, {"RunConfig.gamma", "--gamma"},
    {"RunConfig.beta", "--beta"},       {"RunConfig.iterations", "--iters"},
    {"RunConfig.seeds", "--seeds"},     {"RunConfig.first_seed", "--seed"},
    {"RunConfig.threads", "--threads"}, {"RunConfig.eval_every", "--eval-every"},
    {"RunConfig.out", "--out"}};

int run_and_report(RunOptions& options) {
  auto& config = options.config;
  config.init = parse_flag("--init", options.init, methods::parse_init);
  config.progress = !options.quiet;
  // One thread per worker is the most that can work at once; more only hang the system while
  // they start (run.json records the threads used).
  if (config.threads > 0 && config.workers > 0)
    config.threads = core::pool_size(config.threads, config.workers);
  // Ctrl-C or SIGTERM stops the run between iterations with run.json saying where.
  const core::InterruptGuard interrupts;
  const auto outcome = run_leaving_nothing(config);
  if (options.json)
    std::cout << outcome.record.dump(2) << '\n';
  else
    print_run_summary(outcome.record);
  if (outcome.divergence) {
    fmt::print(stderr,
               "biasbound: error: {} (trace up to there kept in {}/trace.csv; try a smaller "
               "--gamma)\n",
               *outcome.divergence, config.out.string());
    return 3;
  }
  if (outcome.interrupted_by) {
    fmt::print(stderr,
               "biasbound: {}; run.json has status \"interrupted\" and trace.csv the rows up "
               "to there, in {}\n",
               *outcome.interruption, config.out.string());
    return 128 + outcome.interrupted_by;  // as a shell reports a process it stopped
  }
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto& c = options->config;
  auto* cmd = app.add_subcommand(
      "run", "Run distributed server-momentum SGD and write DIR/trace.csv and DIR/run.json");
  cmd->add_option("--problem", c.problem,
                  "Problem spec, e.g. logistic:data=fashion-mnist,classes=0/6,lambda=1e-3 or "
                  "quadratic:d=100,L=1,mu=0.01 (see docs/user-guide.md)")
      ->required();
  cmd->add_option("--estimator", c.estimator,
                  "Estimator pipeline per worker, stages joined by '+', e.g. "
                  "minibatch:b=32+topk:frac=0.1; a pipeline starting with a compressor uses the "
                  "exact gradient")
      ->required();
  add_number(cmd, "--workers", c.workers, "Number of workers n")->required();
  add_number(cmd, "--gamma", c.gamma, "Step size gamma > 0")->required();
  add_number(cmd, "--beta", c.beta,
             "Momentum weight on the new gradient, in (0, 1]; 1 = no momentum")
      ->required();
  add_number(cmd, "--iters", c.iterations, "Iterations T per seed")->required();
  add_number(cmd, "--seeds", c.seeds, "Number of seeds R")->default_val(1);
  add_number(cmd, "--seed", c.first_seed, "First seed; seeds are SEED, SEED+1, ...")
      ->default_val(1);
  cmd->add_option("--out", c.out,
                  "Output directory (created if missing); one that holds other results (of "
                  "measure or validate, or a run of another configuration) is refused, and the "
                  "same configuration is recomputed and overwritten")
      ->required();
  cmd->add_flag("--force", c.force,
                "Replace the other results in --out: removes the files biasbound wrote there "
                "(never other files: a folder that holds some is refused)");
  cmd->add_option("--init", options->init,
                  "Momentum start: zero (v_{-1} = 0, as the theorems) or first (v_0 = g_0, as "
                  "PyTorch)")
      ->default_val("zero");
  add_number(cmd, "--threads", c.threads,
             "Worker threads, at most one per worker; 0 = min(cores, workers)");
  add_number(cmd, "--eval-every", c.eval_every,
             "Iterations between train/test loss and accuracy evaluations "
             "(classification problems); 0 = max(1, T/50)");
  cmd->add_flag("--json", options->json, "Print run.json's content on stdout instead of a summary");
  cmd->add_flag("--quiet", options->quiet, "No progress on stderr");
  cmd->footer(
      "Exit status: 0 when the run completed, 2 for bad input (an --out holding other results "
      "included), 3 when it diverged, 130 or 143 when SIGINT or SIGTERM stopped it (run.json "
      "then has status \"interrupted\" and the last iteration done).");

  return {cmd, naming_flags(kRunFlags, [options] { return run_and_report(*options); })};
}

}  // namespace biasbound::apps
