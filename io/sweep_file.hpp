#pragma once
// A sweep file (docs/user-guide.md, "biasbound sweep"): a scenario — validate's tables and keys,
// read by the same setters, `theorem` optional — plus [grid], lists of values for the keys that
// change a run, whose Cartesian product are the sweep's cells, and [sweep] report_at. Every
// cell's scenario is read with the file, its values set like a --set, so a value that any cell
// would refuse is an error before anything runs; each error names the file, line and key.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "validators/scenario.hpp"

namespace biasbound::io {

/// One [grid] key with its values, in the order the file writes them.
struct GridAxis {
  std::string key;                  // the flat name, as --set takes it: gamma, beta, estimator
  std::vector<std::string> values;  // as written in folder names and tables: 0.5, topk:k=2
};

struct SweepCell {
  int index = 0;                    // position in the grid's order: the last key varies fastest
  std::vector<std::string> values;  // one per axis
  std::string folder;               // under DIR/cells: 003-gamma=0.5-beta=0.1
  validators::Scenario scenario;    // the base scenario with this cell's values
};

struct SweepFile {
  validators::Scenario base;  // the file and the --set overrides, without [grid]
  std::vector<GridAxis> grid;
  std::vector<long long> report_at;  // [sweep] report_at; empty: the last iteration only
  std::vector<SweepCell> cells;
};

/// The keys [grid] accepts, flat: those of a run's configuration that a cell may change.
const std::vector<std::string>& grid_keys();

/// The folder name of a cell: its index (zero-padded to `width` digits), then key=value for
/// each axis, joined by '-', every character other than letters, digits and . _ = + - as '_'.
std::string cell_folder_name(int index, int width, const std::vector<GridAxis>& grid,
                             const std::vector<std::string>& values);

/// "gamma=0.5 beta=0.1": a cell's values, for progress and messages.
std::string cell_label(const std::vector<GridAxis>& grid, const SweepCell& cell);

/// Reads `path`, applies `overrides` (--set KEY=VALUE, not on a grid key) and expands the grid.
SweepFile load_sweep(const std::filesystem::path& path,
                     const std::vector<std::string>& overrides = {});

/// The same from TOML text; `origin` names the text in errors.
SweepFile parse_sweep(std::string_view text, const std::string& origin,
                      const std::vector<std::string>& overrides = {});

}  // namespace biasbound::io
