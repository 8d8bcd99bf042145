#pragma once
// A `biasbound sweep` folder's sweep.json (docs/schema.md, biasbound.sweep) as the figures and
// the report read it: the grid, checked, and the names a reader sees for its keys.

#include <filesystem>
#include <string>
#include <vector>

#include "core/json_io.hpp"

namespace biasbound::plots {

/// One [grid] key with its values, in the order the sweep file writes them.
struct SweepGridKey {
  std::string key{};
  std::vector<std::string> values{};
};

struct SweepRecord {
  std::filesystem::path path{};  // DIR/sweep.json
  core::Json json{};             // its whole content
  std::vector<SweepGridKey> grid{};

  /// The grid key `key`, or nullptr when the grid does not vary it.
  const SweepGridKey* find(const std::string& key) const;
};

/// DIR/sweep.json; a missing file, another schema or a malformed grid is a core::InputError
/// naming the file.
SweepRecord read_sweep_record(const std::filesystem::path& dir);

/// How a figure or table names a grid key: β, γ, T for iterations, the key itself otherwise.
std::string grid_key_name(const std::string& key);

/// A figure's file stem that says which grid values it shows: `stem-key=value-...`, every
/// character other than letters, digits and . _ = + - as '_' (as the cells' folder names).
std::string grid_figure_stem(std::string stem, const std::vector<std::string>& keys,
                             const std::vector<std::string>& values);

/// "γ = 0.5, init = first": grid values in words; empty when there are none.
std::string grid_values_text(const std::vector<std::string>& keys,
                             const std::vector<std::string>& values);

}  // namespace biasbound::plots
