#pragma once
// A sweep's results over seeds: each cell's trace.csv reduced to the mean and standard
// deviation over seeds at every evaluated iteration (DIR/sweep.csv), and one row per cell with
// its test accuracy (DIR/table.csv, DIR/table.md). The reduction is a function of the trace
// rows, so it is tested without files. Diverged seeds are counted in every row, never dropped.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "io/sweep_file.hpp"

namespace biasbound::io {

/// One row of a run's trace.csv: its evaluation metrics, absent where the cell is empty, and
/// f, ‖∇f‖² and the cumulative bits (absent in a trace written before they were recorded).
struct TraceMetrics {
  std::uint64_t seed = 0;
  long long iter = 0;
  std::optional<double> train_loss, test_loss, test_acc;
  std::optional<double> f{}, grad_norm2{}, bits_up{}, bits_down{};
};

/// The mean and sample standard deviation (n − 1) of the finite values among some; the
/// standard deviation is absent below two values, the mean below one.
struct SeedStat {
  int count = 0;
  std::optional<double> mean, std;
};
SeedStat seed_stat(const std::vector<std::optional<double>>& values);

struct IterationStats {
  long long iter = 0;
  int seeds_reporting = 0;  // seeds with a finite train_loss (f without metrics) at iter
  SeedStat train_loss, test_loss, test_acc;
  SeedStat f, gap, grad_norm2;  // gap: f − f*, per seed, when f* is known
  SeedStat bits_up, bits_down;
};

struct CellResults {
  int seeds = 0;                           // R, the seeds the cell runs
  int diverged = 0;                        // of those, the seeds that diverged
  std::vector<IterationStats> iterations;  // where any seed was evaluated, ascending
};

/// Which rows of a trace a reduction keeps, and the optimum its gaps are taken to.
struct ReduceOptions {
  // Without evaluation metrics, the rows at multiples of `every` and the last iteration; with
  // them, the rows where any seed has train_loss.
  long long every = 1;
  std::optional<double> f_star{};
};

/// A cell's trace rows reduced over seeds, at the iterations ReduceOptions picks.
CellResults reduce_cell(const std::vector<TraceMetrics>& rows, int seeds, int diverged,
                        const ReduceOptions& options = {});

/// The rows of a trace.csv with their metrics (all absent for a problem without them); a
/// malformed cell is an InputError naming the file and line.
std::vector<TraceMetrics> read_trace_metrics(const std::filesystem::path& trace_csv);

/// A finished cell (completed or diverged) with its results.
struct FinishedCell {
  const SweepCell* cell = nullptr;
  CellResults results;
  std::optional<double> f_star{};  // of the cell's problem, when known
};

/// sweep.csv: one row per (finished cell, evaluated iteration), in cell order: the grid's
/// values, then mean and standard deviation over seeds of each metric, f, f − f* and ‖∇f‖²,
/// and the mean cumulative bits up and down before the iterate.
void write_sweep_csv(const std::filesystem::path& path, const SweepFile& sweep,
                     const std::vector<FinishedCell>& cells);

/// table.csv and table.md in `dir`: one row per finished cell, its test accuracy at the last
/// iteration and at each report_at iteration, and its diverged seeds as k/R.
void write_sweep_tables(const std::filesystem::path& dir, const SweepFile& sweep,
                        const std::vector<FinishedCell>& cells);

}  // namespace biasbound::io
