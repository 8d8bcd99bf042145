#include "io/sweep.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/output_folder.hpp"
#include "core/progress.hpp"
#include "core/schema.hpp"
#include "core/thread_pool.hpp"
#include "io/run_folder.hpp"
#include "io/scenario_method.hpp"
#include "io/sweep_table.hpp"
#include "problems/factory.hpp"
#include "validators/optimum.hpp"

namespace biasbound::io {
namespace fs = std::filesystem;
namespace {

using SweepClock = std::chrono::steady_clock;

RunConfig cell_run_config(const SweepCell& cell, const fs::path& dir) {
  const auto& s = cell.scenario;
  RunConfig c = scenario_run_config(s);
  // One thread per worker is the most that can work at once (as `biasbound run`).
  c.threads = s.threads > 0 ? core::pool_size(s.threads, s.workers) : 0;
  c.out = dir;
  c.force = true;  // the sweep owns its cells: a cell of another configuration is rerun
  c.progress = false;
  c.run_all_seeds = true;  // every seed of a cell is counted, diverged or not
  return c;
}

// The keys of run.json's config that a cell's configuration fixes (threads, eval_every and out
// do not change its results, or follow from these).
core::Json cell_identity(const RunConfig& c) {
  auto identity = c.method_json();
  identity.update(core::Json{{"problem", c.problem},
                             {"workers", c.workers},
                             {"iters", c.iterations},
                             {"seeds", c.seeds},
                             {"first_seed", c.first_seed}});
  return identity;
}

// run.json of a cell finished before for this configuration, or null: a cell killed
// ("running"), interrupted, unreadable or of another configuration is run again.
core::Json finished_record(const RunConfig& c) {
  if (!fs::is_regular_file(c.out / "run.json") || !fs::is_regular_file(c.out / "trace.csv"))
    return nullptr;
  core::Json record;
  try {
    record = core::read_artifact(c.out / "run.json", core::Artifact::kRun);
  } catch (const core::InputError&) {
    return nullptr;
  }
  const auto status = record.value("status", std::string());
  if (status != "completed" && status != "diverged") return nullptr;
  const auto config = record.value("config", core::Json::object());
  const auto identity = cell_identity(c);
  for (const auto& [key, value] : identity.items())
    if (!config.contains(key) || config[key] != value) return nullptr;
  return record;
}

int diverged_seeds(const core::Json& run_record) {
  int count = 0;
  for (const auto& result : run_record.value("results", core::Json::array()))
    if (result.contains("diverged")) ++count;
  return count;
}

core::Json cell_json(const SweepFile& sweep, const SweepCell& cell) {
  core::Json values = core::Json::object();
  for (std::size_t a = 0; a < sweep.grid.size(); ++a) values[sweep.grid[a].key] = cell.values[a];
  return {{"index", cell.index}, {"folder", (fs::path("cells") / cell.folder).string()},
          {"values", values},    {"status", "pending"},
          {"reused", false},     {"diverged_seeds", nullptr},
          {"optimum", nullptr}};
}

core::Json initial_record(const SweepFile& sweep) {
  core::Json grid = core::Json::array();
  for (const auto& axis : sweep.grid) grid.push_back({{"key", axis.key}, {"values", axis.values}});
  core::Json cells = core::Json::array();
  for (const auto& cell : sweep.cells) cells.push_back(cell_json(sweep, cell));
  core::Json record = {{"command", "sweep"},
                       {"status", "running"},
                       {"origin", sweep.base.origin},
                       {"overrides", sweep.base.overrides},
                       {"config", sweep_config(sweep)},
                       {"scenario", validators::to_json(sweep.base)},
                       {"grid", grid},
                       {"report_at", sweep.report_at},
                       {"cells", cells}};
  core::stamp(record, core::Artifact::kSweep);
  return record;
}

std::string eta_text(SweepClock::time_point start, long long done, long long total) {
  if (done == 0) return "";
  const double elapsed = std::chrono::duration<double>(SweepClock::now() - start).count();
  return fmt::format(", eta {:.0f}s", elapsed / double(done) * double(total - done));
}

// f* of a problem, for the gaps f − f* of sweep.csv: exact when the problem knows it, otherwise
// a tight L-BFGS solve; none for a problem that has no f* this way (a network).
struct SweepOptimum {
  std::optional<double> f_star{};
  core::Json record = nullptr;  // sweep.json's "optimum" of the cells on this problem
};

SweepOptimum optimum_of(const validators::Scenario& s) {
  const auto problem = problems::make_problem(s.problem, s.workers);
  if (const auto why = validators::optimum_unavailable(*problem))
    return {std::nullopt, {{"f_star", nullptr}, {"method", fmt::format("none: {}", *why)}}};
  const auto optimum = validators::find_optimum(*problem);
  return {optimum.f_star,
          {{"f_star", optimum.f_star},
           {"method", optimum.method},
           {"gradient_norm", optimum.gradient_norm}}};
}

// One optimum per (problem, workers) of the grid, computed when a cell first needs it.
class OptimumCache {
 public:
  const SweepOptimum& of(const validators::Scenario& s) {
    const auto key = std::pair(s.problem, s.workers);
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, optimum_of(s)).first;
    return it->second;
  }

 private:
  std::map<std::pair<std::string, int>, SweepOptimum> cache_;
};

// Everything a sweep has finished so far, written again after each cell.
struct SweepWriter {
  const SweepFile& sweep;
  fs::path dir;
  core::Json record;
  std::vector<FinishedCell> finished;

  void add(const SweepCell& cell, const core::Json& run_record, bool reused,
           const SweepOptimum& optimum) {
    auto& entry = record["cells"][static_cast<std::size_t>(cell.index)];
    entry["status"] = run_record["status"];
    entry["reused"] = reused;
    const int diverged = diverged_seeds(run_record);
    entry["diverged_seeds"] = diverged;
    entry["optimum"] = optimum.record;
    const auto rows = read_trace_metrics(dir / "cells" / cell.folder / "trace.csv");
    const ReduceOptions reduce{default_eval_every(cell.scenario.iterations), optimum.f_star};
    finished.push_back(
        {&cell, reduce_cell(rows, cell.scenario.seeds, diverged, reduce), optimum.f_star});
    write();
  }

  void write() const {
    write_sweep_csv(dir / "sweep.csv", sweep, finished);
    write_sweep_tables(dir, sweep, finished);
    core::write_json_file(dir / "sweep.json", record);
  }
};

}  // namespace

void SweepOptions::check() const {
  if (out.empty()) throw core::field_error("SweepOptions.out", "''", "must name a directory");
}

core::Json sweep_config(const SweepFile& sweep) {
  const auto& s = sweep.base;
  core::Json grid = core::Json::array();
  for (const auto& axis : sweep.grid) grid.push_back({{"key", axis.key}, {"values", axis.values}});
  core::Json config = {{"problem", s.problem},
                       {"estimator", s.estimator},
                       {"workers", s.workers},
                       {"gamma", s.gamma},
                       {"beta", s.beta},
                       {"init", s.init},
                       {"iterations", s.iterations},
                       {"seeds", s.seeds},
                       {"first_seed", s.first_seed},
                       {"grid", grid}};
  // A sweep of another method than server momentum (written only then, so that the folders of
  // server-momentum sweeps stay theirs).
  if (!s.theorem.empty())
    config.update(core::Json{{"theorem", s.theorem},
                             {"compressor", s.compressor},
                             {"beta_tilde", s.beta_tilde},
                             {"tau", s.tau},
                             {"staleness", s.staleness},
                             {"blocks", s.blocks},
                             {"order", s.order}});
  return config;
}

SweepOutcome run_sweep(const SweepFile& sweep, const SweepOptions& options) {
  options.check();
  const auto start = SweepClock::now();
  core::claim_output_folder(options.out,
                            {core::ResultKind::kSweep, sweep_config(sweep), {}, options.force});
  std::error_code error;
  fs::create_directories(options.out / "cells", error);
  if (error)
    throw core::field_error("SweepOptions.out", fmt::format("'{}'", options.out.string()),
                            error.message());

  SweepWriter writer{sweep, options.out, initial_record(sweep), {}};
  OptimumCache optima;
  writer.write();
  SweepOutcome outcome;
  std::vector<RunConfig> configs;
  // One bar over the steps of every cell to run, so that a cell of many minutes shows progress.
  long long steps_total = 0;
  for (const auto& cell : sweep.cells) {
    configs.push_back(cell_run_config(cell, options.out / "cells" / cell.folder));
    if (finished_record(configs.back()).is_null())
      steps_total += configs.back().seeds * configs.back().iterations;
  }
  core::Progress progress("sweep", steps_total, options.progress);
  long long steps_done = 0;  // in the cells computed before the current one
  const int total = static_cast<int>(sweep.cells.size());
  for (const auto& cell : sweep.cells) {
    const auto& config = configs[static_cast<std::size_t>(cell.index)];
    auto record = finished_record(config);
    const bool reused = !record.is_null();
    if (!reused) {
      if (const int signal = core::interrupt_signal()) {
        outcome.interrupted_by = signal;
        outcome.interruption = fmt::format("interrupted by {} before cell {}/{}",
                                           core::signal_name(signal), cell.index + 1, total);
        break;
      }
      auto cell_config = config;
      const auto label =
          fmt::format("cell {}/{} {}", cell.index + 1, total, cell_label(sweep.grid, cell));
      cell_config.on_step = [&](long long steps) {
        const long long done = steps_done + steps;
        progress.update(done, label + eta_text(start, done, steps_total));
      };
      auto run = run_method(cell_config);
      steps_done += config.seeds * config.iterations;
      if (run.interrupted_by) {
        outcome.interrupted_by = run.interrupted_by;
        outcome.interruption = fmt::format("{} in cell {}/{} ({})", *run.interruption,
                                           cell.index + 1, total, cell_label(sweep.grid, cell));
        writer.record["cells"][static_cast<std::size_t>(cell.index)]["status"] = "interrupted";
        break;
      }
      record = std::move(run.record);
      ++outcome.computed;
    } else {
      ++outcome.reused;
    }
    if (record["status"] == "diverged") ++outcome.diverged;
    writer.add(cell, record, reused, optima.of(cell.scenario));
  }
  if (!outcome.interrupted_by) progress.finish("done");  // else the bar stays where it stopped

  writer.record["status"] = outcome.interrupted_by ? "interrupted" : "completed";
  if (outcome.interruption) writer.record["interruption"] = *outcome.interruption;
  writer.record["wall_time_s"] = std::chrono::duration<double>(SweepClock::now() - start).count();
  writer.write();
  outcome.record = writer.record;
  return outcome;
}

}  // namespace biasbound::io
