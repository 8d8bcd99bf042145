#pragma once
// Running a sweep (io/sweep_file.hpp) into a folder: each cell is a `biasbound run` folder,
// DIR/cells/NNN-key=value-..., run one after another (each run already uses a thread per
// worker). DIR/sweep.json, sweep.csv, table.csv and table.md are rewritten after every finished
// cell. Running the same sweep into DIR again resumes: a cell whose run.json says completed or
// diverged for the cell's configuration is reused, never recomputed; one left running (killed)
// or interrupted is run again. Under mpirun the cells are spread over the ranks
// (io/sweep_dispatch.hpp), each an in-process run on one rank; rank 0 alone writes, the same
// files as one process writes.

#include <filesystem>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "io/sweep_file.hpp"

namespace biasbound::io {

struct SweepOptions {
  std::filesystem::path out{};
  bool force = false;  // replace other results in `out` (core::claim_output_folder)
  bool progress = true;

  /// Throws core::InputError naming the first bad field (core::field_error).
  void check() const;
};

struct SweepOutcome {
  core::Json record;                        // the content of sweep.json
  int computed = 0;                         // cells run now
  int reused = 0;                           // cells finished before, reused
  int diverged = 0;                         // finished cells with at least one diverged seed
  int interrupted_by = 0;                   // SIGINT or SIGTERM when the sweep stopped for one
  std::optional<std::string> interruption;  // then: where it stopped, in words
};

/// What identifies a sweep's results (sweep.json's "config"): the run settings of the base
/// scenario and the grid. A folder holding another sweep is refused unless options.force.
core::Json sweep_config(const SweepFile& sweep);

/// Runs the cells that are not finished yet. Stops between iterations when
/// core::interrupt_signal() is set, keeping the finished cells (sweep.json: "interrupted").
SweepOutcome run_sweep(const SweepFile& sweep, const SweepOptions& options);

}  // namespace biasbound::io
