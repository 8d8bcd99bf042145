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

/// One row of a run's trace.csv: its evaluation metrics, absent where the cell is empty.
struct TraceMetrics {
  std::uint64_t seed = 0;
  long long iter = 0;
  std::optional<double> train_loss, test_loss, test_acc;
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
  int seeds_reporting = 0;  // seeds with a finite train_loss at iter
  SeedStat train_loss, test_loss, test_acc;
};

struct CellResults {
  int seeds = 0;                           // R, the seeds the cell runs
  int diverged = 0;                        // of those, the seeds that diverged
  std::vector<IterationStats> iterations;  // where any seed was evaluated, ascending
};

/// A cell's trace rows reduced over seeds, at the iterations where any seed has train_loss.
CellResults reduce_cell(const std::vector<TraceMetrics>& rows, int seeds, int diverged);

/// The rows of a trace.csv with their metrics (all absent for a problem without them); a
/// malformed cell is an InputError naming the file and line.
std::vector<TraceMetrics> read_trace_metrics(const std::filesystem::path& trace_csv);

/// A finished cell (completed or diverged) with its results.
struct FinishedCell {
  const SweepCell* cell = nullptr;
  CellResults results;
};

/// sweep.csv: one row per (finished cell, evaluated iteration), in cell order.
void write_sweep_csv(const std::filesystem::path& path, const SweepFile& sweep,
                     const std::vector<FinishedCell>& cells);

/// table.csv and table.md in `dir`: one row per finished cell, its test accuracy at the last
/// iteration and at each report_at iteration, and its diverged seeds as k/R.
void write_sweep_tables(const std::filesystem::path& dir, const SweepFile& sweep,
                        const std::vector<FinishedCell>& cells);

}  // namespace biasbound::io
