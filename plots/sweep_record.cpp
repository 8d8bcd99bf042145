#include "plots/sweep_record.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> grid_values(const core::Json& axis, const fs::path& path) {
  const auto values = axis.value("values", core::Json());
  if (!values.is_array() || values.empty())
    throw core::input_error("{}: grid key '{}' has no array of values", path.string(),
                            axis.value("key", std::string("?")));
  std::vector<std::string> out;
  for (const auto& v : values) {
    if (!v.is_string())
      throw core::input_error("{}: a value of grid key '{}' is not a string", path.string(),
                              axis.value("key", std::string("?")));
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<SweepGridKey> read_grid(const core::Json& record, const fs::path& path) {
  const auto grid = record.is_object() ? record.value("grid", core::Json()) : core::Json();
  if (!grid.is_array()) throw core::input_error("{}: no grid (not a sweep.json)", path.string());
  std::vector<SweepGridKey> out;
  for (const auto& axis : grid) {
    if (!axis.is_object() || !axis.contains("key") || !axis["key"].is_string())
      throw core::input_error("{}: a grid entry has no key", path.string());
    out.push_back({axis["key"].get<std::string>(), grid_values(axis, path)});
  }
  return out;
}

}  // namespace

const SweepGridKey* SweepRecord::find(const std::string& key) const {
  for (const auto& axis : grid)
    if (axis.key == key) return &axis;
  return nullptr;
}

SweepRecord read_sweep_record(const fs::path& dir) {
  SweepRecord r;
  r.path = dir / "sweep.json";
  if (!fs::is_regular_file(r.path))
    throw core::input_error("{}: no sweep.json (run biasbound sweep first)", dir.string());
  r.json = core::read_artifact(r.path, core::Artifact::kSweep);
  r.grid = read_grid(r.json, r.path);
  return r;
}

std::string grid_key_name(const std::string& key) {
  if (key == "beta") return "β";
  if (key == "gamma") return "γ";
  if (key == "iterations") return "T";
  if (key == "tau") return "τ";
  return key;
}

std::string grid_figure_stem(std::string stem, const std::vector<std::string>& keys,
                             const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) stem += fmt::format("-{}={}", keys[i], values[i]);
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("._=+-").find(c) == std::string_view::npos)
      c = '_';
  return stem;
}

std::string grid_values_text(const std::vector<std::string>& keys,
                             const std::vector<std::string>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i)
    text += fmt::format("{}{} = {}", i ? ", " : "", grid_key_name(keys[i]), values[i]);
  return text;
}

}  // namespace biasbound::plots
