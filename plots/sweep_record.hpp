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

}  // namespace biasbound::plots
