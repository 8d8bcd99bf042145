#include "io/sweep.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/output_folder.hpp"
#include "core/progress.hpp"
#include "core/schema.hpp"
#include "core/thread_pool.hpp"
#include "io/run_folder.hpp"
#include "io/scenario_method.hpp"
#include "io/sweep_dispatch.hpp"
#include "io/sweep_table.hpp"
#include "methods/mpi_session.hpp"
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
  std::vector<FinishedCell> finished;  // in cell order, whichever rank finished them when

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
    const auto at = std::find_if(finished.begin(), finished.end(),
                                 [&](const FinishedCell& f) { return f.cell->index > cell.index; });
    finished.insert(
        at, {&cell, reduce_cell(rows, cell.scenario.seeds, diverged, reduce), optimum.f_star});
    write();
  }

  void write() const {
    write_sweep_csv(dir / "sweep.csv", sweep, finished);
    write_sweep_tables(dir, sweep, finished);
    core::write_json_file(dir / "sweep.json", record);
  }
};

// The threads of a cell's run: the scenario's, else this rank's share of the machine's cores.
int cell_threads(const validators::Scenario& s, const methods::MpiSession* session) {
  if (s.threads > 0) return core::pool_size(s.threads, s.workers);
  const int ranks_here = session && session->active() ? std::max(1, session->local_size()) : 1;
  return std::clamp(core::default_thread_count() / ranks_here, 1, s.workers);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Cell `index` run alone on a rank other than 0, in a scratch folder that is removed again: the
// result rank 0 writes ({"cell", "run": run.json's record, "trace_csv", "signal"}).
core::Json run_cell_for_root(const SweepFile& sweep, int index, int threads) {
  const auto& cell = sweep.cells.at(static_cast<std::size_t>(index));
  const auto scratch = fs::temp_directory_path() /
                       fmt::format("biasbound-sweep-{}-{}", static_cast<long>(::getpid()), index);
  auto config = cell_run_config(cell, scratch);
  config.threads = threads;
  const methods::RunAlone alone;
  const auto run = run_method(config);
  core::Json result = {{"cell", index},
                       {"run", run.record},
                       {"trace_csv", read_file(scratch / "trace.csv")},
                       {"signal", run.interrupted_by}};
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  return result;
}

// Rank 0 of a sweep (the only one without MPI): the finished cells, their files, the progress.
class SweepRoot {
 public:
  SweepRoot(const SweepFile& sweep, const SweepOptions& options, long long steps_total)
      : sweep_(sweep),
        writer_{sweep, options.out, initial_record(sweep), {}},
        progress_("sweep", steps_total, options.progress),
        steps_total_(steps_total) {
    writer_.write();
  }

  // A cell finished here, on another rank, or before (reused).
  void finished(const SweepCell& cell, const core::Json& run_record, bool reused) {
    ++(reused ? outcome_.reused : outcome_.computed);
    if (run_record["status"] == "diverged") ++outcome_.diverged;
    if (!reused) steps_finished_ += cell.scenario.seeds * cell.scenario.iterations;
    writer_.add(cell, run_record, reused, optima_.of(cell.scenario));
  }

  // A cell another rank ran: its files go where the cell's folder is.
  void received(const core::Json& result) {
    const auto& cell = sweep_.cells.at(result["cell"].get<std::size_t>());
    auto record = result["run"];
    if (const int signal = result["signal"].get<int>()) {
      return interrupted(signal, cell, record["interruption"]["message"].get<std::string>());
    }
    const auto dir = writer_.dir / "cells" / cell.folder;
    record["config"]["out"] = dir.string();
    core::claim_output_folder(dir,
                              {core::ResultKind::kRun, record["config"], {"threads", "out"}, true});
    fs::create_directories(dir);
    core::write_file_atomically(dir / "trace.csv", result["trace_csv"].get<std::string>());
    core::write_json_file(dir / "run.json", record);
    finished(cell, record, false);
  }

  // Stops the sweep: no cell is started any more (`pending` is emptied).
  void interrupted(int signal, const SweepCell& cell, const std::string& how) {
    pending.clear();
    writer_.record["cells"][static_cast<std::size_t>(cell.index)]["status"] = "interrupted";
    if (outcome_.interrupted_by) return;
    outcome_.interrupted_by = signal;
    outcome_.interruption = fmt::format("{} in cell {}/{} ({})", how, cell.index + 1,
                                        sweep_.cells.size(), cell_label(sweep_.grid, cell));
  }
  void interrupted_before(int signal, std::size_t next) {
    pending.clear();
    outcome_.interrupted_by = signal;
    outcome_.interruption = fmt::format("interrupted by {} before cell {}/{}",
                                        core::signal_name(signal), next + 1, sweep_.cells.size());
  }
  bool stopping() const { return outcome_.interrupted_by != 0; }
  int signal() const { return outcome_.interrupted_by; }

  // `steps` of the cell running here, labelled, and the cells finished anywhere.
  void progress(long long steps, const std::string& label) {
    const long long done = steps_finished_ + steps;
    progress_.update(done, label + eta_text(start_, done, steps_total_));
  }

  SweepOutcome finish() {
    if (!stopping()) progress_.finish("done");  // else the bar stays where it stopped
    auto& record = writer_.record;
    record["status"] = stopping() ? "interrupted" : "completed";
    if (outcome_.interruption) record["interruption"] = *outcome_.interruption;
    record["wall_time_s"] = std::chrono::duration<double>(SweepClock::now() - start_).count();
    writer_.write();
    outcome_.record = record;
    return outcome_;
  }

  std::deque<int> pending;  // cells not handed out yet, in order

 private:
  const SweepFile& sweep_;
  SweepWriter writer_;
  OptimumCache optima_;
  core::Progress progress_;
  SweepOutcome outcome_;
  SweepClock::time_point start_ = SweepClock::now();
  long long steps_total_ = 0;
  long long steps_finished_ = 0;  // in the cells finished so far, on any rank
};

// Runs rank 0's share of the cells, answering the other ranks' requests between iterations.
void run_root_cells(const SweepFile& sweep, const std::vector<RunConfig>& configs, SweepRoot& root,
                    CellDispatcher* dispatcher, int threads) {
  auto last_served = SweepClock::now();
  const auto serve = [&] {
    // Often enough that another rank waits for its next cell no longer than an iteration.
    if (dispatcher == nullptr || SweepClock::now() - last_served < std::chrono::milliseconds(20))
      return;
    dispatcher->serve();
    last_served = SweepClock::now();
  };
  const methods::RunAlone alone;  // under mpirun, each cell is an in-process run on one rank
  for (;;) {
    if (dispatcher) dispatcher->serve();
    if (root.stopping() || root.pending.empty()) return;
    const auto index = static_cast<std::size_t>(root.pending.front());
    if (const int signal = core::interrupt_signal()) return root.interrupted_before(signal, index);
    root.pending.pop_front();
    const auto& cell = sweep.cells[index];
    auto config = configs[index];
    config.threads = threads;
    const auto label =
        fmt::format("cell {}/{} {}", index + 1, sweep.cells.size(), cell_label(sweep.grid, cell));
    config.on_step = [&](long long steps) {
      root.progress(steps, label);
      serve();
    };
    auto run = run_method(config);
    if (run.interrupted_by) return root.interrupted(run.interrupted_by, cell, *run.interruption);
    root.finished(cell, run.record, false);
  }
}

// Runs `work`; under mpirun with other ranks waiting on this one, an error ends the whole job
// (the others could wait forever) instead of ending this rank alone.
template <class Work>
auto or_end_the_job(const methods::MpiSession* session, Work&& work) {
  if (session == nullptr || session->size() == 1) return work();
  try {
    return work();
  } catch (const std::exception& e) {
    session->abort(e.what(), 2);
  }
}

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
  const auto* session = methods::MpiSession::current();
  const bool ranks = session != nullptr && session->active() && session->size() > 1;
  const int threads = cell_threads(sweep.base, session);
  const auto claim = [&] {
    core::claim_output_folder(options.out,
                              {core::ResultKind::kSweep, sweep_config(sweep), {}, options.force});
    std::error_code error;
    fs::create_directories(options.out / "cells", error);
    if (error)
      throw core::field_error("SweepOptions.out", fmt::format("'{}'", options.out.string()),
                              error.message());
  };
  // Bad input, the output folder's included, ends every rank before any cell is handed out.
  session ? session->on_root(claim) : claim();
  if (ranks && !session->root()) {
    or_end_the_job(session, [&] {
      run_cells_for_root(*session,
                         [&](int index) { return run_cell_for_root(sweep, index, threads); });
    });
    SweepOutcome outcome;
    outcome.interrupted_by = session->broadcast(0);
    return outcome;
  }
  return or_end_the_job(session, [&] {
    std::vector<RunConfig> configs;
    std::vector<core::Json> before;  // run.json of the cells finished before, else null
    long long steps_total = 0;       // one bar over the steps of every cell to run
    for (const auto& cell : sweep.cells) {
      configs.push_back(cell_run_config(cell, options.out / "cells" / cell.folder));
      before.push_back(finished_record(configs.back()));
      if (before.back().is_null()) steps_total += configs.back().seeds * configs.back().iterations;
    }
    SweepRoot root(sweep, options, steps_total);
    for (const auto& cell : sweep.cells) {
      const auto& record = before[static_cast<std::size_t>(cell.index)];
      if (record.is_null())
        root.pending.push_back(cell.index);
      else
        root.finished(cell, record, true);
    }
    std::optional<CellDispatcher> dispatcher;
    if (ranks)
      dispatcher.emplace(*session, root.pending,
                         [&](const core::Json& result) { root.received(result); });
    run_root_cells(sweep, configs, root, dispatcher ? &*dispatcher : nullptr, threads);
    if (dispatcher) {
      dispatcher->finish([&](int busy) {
        if (busy > 0) root.progress(0, fmt::format("waiting for {} rank(s)", busy));
      });
      session->broadcast(root.signal());
    }
    return root.finish();
  });
}

}  // namespace biasbound::io
