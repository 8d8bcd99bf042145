#include "apps/sweep_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/flag_names.hpp"
#include "core/interrupt.hpp"
#include "io/sweep.hpp"
#include "io/sweep_file.hpp"
#include "methods/mpi_session.hpp"

namespace biasbound::apps {
namespace {

struct SweepArgs {
  std::string file;
  std::vector<std::string> overrides;
  std::string out;
  bool json = false;
  bool quiet = false;
  bool force = false;
};

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void print_sweep_summary(const io::SweepFile& sweep, const io::SweepOutcome& outcome,
                         const std::filesystem::path& out) {
  std::vector<std::string> keys;
  for (const auto& axis : sweep.grid) keys.push_back(axis.key);
  fmt::print("sweep     {}: {} cells ({}), {} seeds each\n", sweep.base.origin, sweep.cells.size(),
             fmt::join(keys, " × "), sweep.base.seeds);
  fmt::print("cells     {} run, {} reused, {} with diverged seeds\n", outcome.computed,
             outcome.reused, outcome.diverged);
  fmt::print("\n{}\n", file_text(out / "table.md"));
  fmt::print("files     {}/sweep.csv, table.csv, table.md, sweep.json; the runs in {}/cells\n",
             out.string(), out.string());
}

// The flag each SweepOptions field is read from, so errors name the flag.
const FlagNames kSweepFlags = {{"SweepOptions.out", "--out"}};

int run_sweep_command(const SweepArgs& a) {
  const auto sweep = io::load_sweep(a.file, a.overrides);
  io::SweepOptions options;
  options.out = a.out.empty() ? std::filesystem::path("results") / sweep.base.name
                              : std::filesystem::path(a.out);
  options.force = a.force;
  options.progress = !a.quiet;
  // Ctrl-C or SIGTERM stops the sweep between two iterations of the current cell.
  const core::InterruptGuard interrupts;
  const auto outcome = io::run_sweep(sweep, options);
  // Under mpirun every rank returns the same status; rank 0 alone has the results and prints.
  if (!methods::mpi_root()) return outcome.interrupted_by ? 128 + outcome.interrupted_by : 0;
  if (a.json)
    std::cout << outcome.record.dump(2) << '\n';
  else
    print_sweep_summary(sweep, outcome, options.out);
  if (outcome.interrupted_by) {
    fmt::print(stderr,
               "biasbound: {}; the finished cells are kept in {}: run the same command again to "
               "resume\n",
               *outcome.interruption, options.out.string());
    return 128 + outcome.interrupted_by;  // as a shell reports a process it stopped
  }
  return 0;
}

}  // namespace

Command add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run a grid of server-momentum runs over seeds (a scenario TOML with [grid]) and tabulate "
      "loss and accuracy over seeds (docs/user-guide.md)");
  cmd->add_option("sweep", args->file,
                  "Sweep file (TOML), e.g. scenarios/sweeps/momentum-vs-gd.toml")
      ->required();
  cmd->add_option("--set", args->overrides,
                  "KEY=VALUE overriding a scenario key that is not in [grid] (seeds=5, "
                  "iterations=200); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--out", args->out,
                  "Output directory (default results/SWEEP-NAME); the same sweep there resumes "
                  "(finished cells are reused), other results are refused");
  cmd->add_flag("--force", args->force,
                "Replace the other results in --out, or start the same sweep afresh: removes "
                "the files biasbound wrote there (never other files: a folder that holds some is "
                "refused)");
  cmd->add_flag("--json", args->json, "Print sweep.json on stdout instead of the summary");
  cmd->add_flag("--quiet", args->quiet, "No progress on stderr");
  cmd->footer(
      "Under mpirun the cells are spread over the ranks, each cell run in-process on one rank "
      "(docs/distributed.md). Exit status: 0 when every cell finished (cells with diverged seeds "
      "included: the tables "
      "count them), 2 for bad input (an --out holding other results included), 130 or 143 when "
      "SIGINT or SIGTERM stopped it (the finished cells are kept; run again to resume).");
  return {cmd, naming_flags(kSweepFlags, [args] { return run_sweep_command(*args); })};
}

}  // namespace biasbound::apps
