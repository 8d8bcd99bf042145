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
#include "methods/mpi_session.hpp"
#include "validators/scenario_step.hpp"

namespace biasbound::apps {
namespace {

struct RunOptions {
  io::RunConfig config;
  std::string method = "server-momentum";
  std::string staleness = "fixed";
  std::string order = "cyclic";
  std::string init = "zero";
  double gamma = 0;
  std::string schedule;               // --schedule T1:g1,T2:g2
  CLI::Option* gamma_flag = nullptr;  // given or not
  CLI::Option* iters_flag = nullptr;
  bool json = false;
  bool quiet = false;
};

// "delayed-gd, compressor=topk:k=5 gamma=0.1 tau=4 staleness=fixed iters=200": the method and
// the settings run.json records for it, in a fixed order.
std::string method_line(const core::Json& cfg) {
  std::string line = cfg["method"].get<std::string>() + ",";
  for (const char* key : {"estimator", "compressor", "gamma", "beta", "init", "beta_tilde", "tau",
                          "staleness", "blocks", "iters"}) {
    if (!cfg.contains(key)) continue;
    const auto& v = cfg[key];
    line.append(" ").append(key).append("=").append(v.is_string() ? v.get<std::string>()
                                                                  : v.dump());
  }
  return line;
}

void print_run_summary(const core::Json& r) {
  const auto& cfg = r["config"];
  const auto& constants = r["problem_constants"];
  fmt::print("problem   {}\n", cfg["problem"].get<std::string>());
  fmt::print("workers   {}\n", cfg["workers"].get<int>());
  fmt::print("method    {}\n", method_line(cfg));
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

// run_method creates --out before it reads the problem; on bad input the folder it made is
// removed again (only when empty), so that bad input writes nothing.
io::RunOutcome run_leaving_nothing(const io::RunConfig& config) {
  const bool existed = std::filesystem::exists(config.out);
  try {
    return io::run_method(config);
  } catch (const core::InputError&) {
    std::error_code ignored;
    if (!existed && !config.out.empty() && methods::mpi_root())
      std::filesystem::remove(config.out, ignored);
    throw;
  }
}

// The flag each RunConfig field is read from (defined below), so errors name the flag.
const FlagNames kRunFlags = {{"RunConfig.workers", "--workers"},
                             {"RunConfig.gamma", "--gamma"},
                             {"RunConfig.beta", "--beta"},
                             {"RunConfig.iterations", "--iters"},
                             {"RunConfig.seeds", "--seeds"},
                             {"RunConfig.first_seed", "--seed"},
                             {"RunConfig.threads", "--threads"},
                             {"RunConfig.eval_every", "--eval-every"},
                             {"RunConfig.out", "--out"},
                             {"RunConfig.compressor", "--compressor"},
                             {"RunConfig.tau", "--tau"},
                             {"RunConfig.blocks", "--blocks"},
                             {"RunConfig.beta_tilde", "--beta-tilde"}};

// --gamma, or --schedule with --iters defaulting to its horizon Σ T_s.
void read_step(RunOptions& options) {
  auto& config = options.config;
  const bool iters = options.iters_flag->count() > 0;
  if (options.schedule.empty()) {
    if (options.gamma_flag->count() == 0)
      throw core::input_error("give the step: --gamma G, or --schedule T1:g1,T2:g2");
    if (!iters) throw core::input_error("--iters is required with --gamma");
    config.gamma = options.gamma;
    return;
  }
  config.gamma = validators::parse_run_schedule(options.schedule, "--schedule");
  if (!iters) config.iterations = config.gamma.horizon();
  if (config.iterations != config.gamma.horizon())
    throw core::input_error(
        "--schedule {} runs Σ T_s = {} iterations but --iters = {}: give one, or make them agree",
        options.schedule, config.gamma.horizon(), config.iterations);
}

int run_and_report(RunOptions& options) {
  auto& config = options.config;
  read_step(options);
  config.init = parse_flag("--init", options.init, methods::parse_init);
  config.method = parse_flag("--method", options.method, methods::parse_method_kind);
  config.staleness = parse_flag("--staleness", options.staleness, methods::parse_staleness);
  config.order = methods::parse_refresh_order(options.order, "--order");
  config.progress = !options.quiet;
  // One thread per worker is the most that can work at once; more only hang the system while
  // they start (run.json records the threads used).
  if (config.threads > 0 && config.workers > 0)
    config.threads = core::pool_size(config.threads, config.workers);
  // Ctrl-C or SIGTERM stops the run between iterations with run.json saying where.
  const core::InterruptGuard interrupts;
  const auto outcome = run_leaving_nothing(config);
  // Under mpirun every rank has the outcome; rank 0 alone prints it.
  const bool root = methods::mpi_root();
  if (root && options.json)
    std::cout << outcome.record.dump(2) << '\n';
  else if (root)
    print_run_summary(outcome.record);
  if (outcome.divergence) {
    if (root)
      fmt::print(stderr,
                 "biasbound: error: {} (trace up to there kept in {}/trace.csv; try a smaller "
                 "--gamma)\n",
                 *outcome.divergence, config.out.string());
    return 3;
  }
  if (outcome.interrupted_by) {
    if (root)
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
      "run",
      "Run a distributed method (server-momentum SGD by default) and write DIR/trace.csv and "
      "DIR/run.json");
  cmd->add_option("--problem", c.problem,
                  "Problem spec, e.g. logistic:data=fashion-mnist,classes=0/6,lambda=1e-3 or "
                  "quadratic:d=100,L=1,mu=0.01 (see docs/user-guide.md)")
      ->required();
  cmd->add_option("--method", options->method,
                  "server-momentum (biased SGD at --beta 1), delayed-gd (x <- x - gamma C(grad f "
                  "at a point --tau rounds old)), block-coordinate (one of --blocks blocks per "
                  "step, through Q), ef-sgd (error feedback), mdsgd (memory-based, heavy ball "
                  "--beta-tilde), iag (the server keeps every worker's last message, one worker "
                  "refreshes per step)")
      ->default_val("server-momentum");
  cmd->add_option("--estimator", c.estimator,
                  "Estimator pipeline per worker, stages joined by '+', e.g. "
                  "minibatch:b=32+topk:frac=0.1; a pipeline starting with a compressor uses the "
                  "exact gradient. The source g_i for ef-sgd and mdsgd; not read by delayed-gd, "
                  "block-coordinate and iag (they use exact gradients)")
      ->default_val("exact");
  cmd->add_option("--compressor", c.compressor,
                  "The compressor C of delayed-gd, iag, ef-sgd and mdsgd, Q of block-coordinate, "
                  "e.g. topk:frac=0.1 (delayed-gd, block-coordinate and iag default to identity)");
  add_number(cmd, "--workers", c.workers, "Number of workers n")->required();
  options->gamma_flag =
      add_number(cmd, "--gamma", options->gamma,
                 "Step size gamma > 0 (mdsgd: the effective step eta/(1 - beta-tilde))");
  cmd->add_option("--schedule", options->schedule,
                  "Piecewise-constant step instead of --gamma: T1 steps at g1, then T2 at g2, "
                  "..., written T1:g1,T2:g2 (e.g. 100:0.1,100:0.05); --iters defaults to "
                  "T1 + T2 + ...")
      ->excludes(options->gamma_flag);
  add_number(cmd, "--beta", c.beta,
             "Momentum weight on the new gradient, in (0, 1]; 1 = no momentum (server-momentum)")
      ->default_val(1);
  add_number(cmd, "--tau", c.tau, "Largest staleness tau (delayed-gd, block-coordinate)")
      ->default_val(0);
  cmd->add_option("--staleness", options->staleness,
                  "fixed (tau_k = min(tau, k)) or random (uniform on 0..min(tau, k))")
      ->default_val("fixed");
  add_number(cmd, "--blocks", c.blocks, "Number of blocks B (block-coordinate)")->default_val(1);
  cmd->add_option("--order", options->order,
                  "iag: which worker refreshes its stored message at step k, cyclic (k mod n) or "
                  "random")
      ->default_val("cyclic");
  add_number(cmd, "--beta-tilde", c.beta_tilde, "Heavy-ball coefficient in [0, 1) (mdsgd)")
      ->default_val(0);
  options->iters_flag =
      add_number(cmd, "--iters", c.iterations, "Iterations T per seed (required with --gamma)");
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
