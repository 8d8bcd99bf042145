#include "io/sweep_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

#include "core/error.hpp"
#include "core/spec.hpp"
#include "io/run_folder.hpp"
#include "io/scenario_method.hpp"
#include "io/scenario_table.hpp"
#include "validators/scenario_step.hpp"

namespace biasbound::io {
namespace {

// The keys a cell may change, flat and as scenario_keys() names them: a run's configuration,
// less the seeds (every cell runs the same ones) and threads (they do not change a trace).
constexpr std::pair<std::string_view, std::string_view> kGridKeys[] = {
    {"problem", "problem.spec"},
    {"workers", "problem.workers"},
    {"estimator", "estimator.spec"},
    {"gamma", "method.gamma"},
    {"beta", "method.beta"},
    {"init", "method.init"},
    {"iterations", "method.iterations"},
    {"compressor", "estimator.compressor"},
    {"tau", "method.tau"},
    {"staleness", "method.staleness"},
    {"blocks", "method.blocks"},
    {"beta_tilde", "method.beta_tilde"},
    {"order", "method.order"}};

// More cells than this is a typo in the grid, not a sweep anyone means to run.
constexpr long long kMaxCells = 100000;

// Names of a sweep's file longer than this are cut (the index keeps them unique).
constexpr std::size_t kMaxFolderName = 120;

std::string at_line(const std::string& origin, const toml::node& node, std::string_view name) {
  return fmt::format("{}:{}: {}", origin, node.source().begin.line, name);
}

std::string shown_value(const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* f = node.as_floating_point()) return fmt::format("{}", f->get());
  std::ostringstream out;
  node.visit([&](auto&& v) { out << v; });
  return out.str();
}

// A [grid] entry as written; a dotted key without quotes (method.gamma = [...]) is a nested
// table in TOML, read back as its dotted name.
struct GridEntry {
  std::string name;
  const toml::node* value = nullptr;
};

void collect_grid(const toml::table& table, const std::string& prefix,
                  std::vector<GridEntry>& entries) {
  for (auto&& [key, node] : table) {
    const auto name =
        prefix.empty() ? std::string(key.str()) : fmt::format("{}.{}", prefix, key.str());
    if (const auto* inner = node.as_table())
      collect_grid(*inner, name, entries);
    else
      entries.push_back({name, &node});
  }
}

// toml++ keeps a table's keys sorted; the grid's order is the order they are written.
bool written_before(const GridEntry& a, const GridEntry& b) {
  const auto pa = a.value->source().begin, pb = b.value->source().begin;
  return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
}

std::string_view flat_grid_key(std::string_view name) {
  const auto full = scenario_key_name(name);
  for (const auto& [flat, full_key] : kGridKeys)
    if (full == full_key) return flat;
  return {};
}

// One axis of the grid with where each value was written, for the setters' errors.
struct Axis {
  GridAxis shown;
  std::string full;  // method.gamma
  std::vector<const toml::node*> nodes;
  std::vector<std::string> places;
};

[[noreturn]] void bad_grid_key(const std::string& place, const std::string& name) {
  if (scenario_key_name(name).empty())
    throw core::input_error("{}: unknown key '{}'; accepted in [grid]: {}", place, name,
                            fmt::join(grid_keys(), ", "));
  throw core::input_error(
      "{}: '{}' does not change a run, so a sweep cannot vary it; accepted in [grid]: {}", place,
      name, fmt::join(grid_keys(), ", "));
}

Axis read_axis(const GridEntry& entry, const std::string& origin) {
  const auto place = at_line(origin, *entry.value, fmt::format("grid.{}", entry.name));
  const auto flat = flat_grid_key(entry.name);
  if (flat.empty()) bad_grid_key(place, entry.name);
  const auto* array = entry.value->as_array();
  if (!array || array->empty())
    throw core::input_error("{}: expected a non-empty array of values, such as [0.1, 0.5], got {}",
                            place, array ? "an empty array" : shown_value(*entry.value));
  Axis axis{{std::string(flat), {}}, scenario_key_name(flat), {}, {}};
  for (const auto& node : *array) {
    const auto value_place = at_line(origin, node, fmt::format("grid.{}", entry.name));
    // "best" and "max" are steps a theorem suggests; a sweep has no theorem to ask.
    if (flat == "gamma" && !node.is_number())
      throw core::input_error(
          "{}: expected steps > 0, got {}: a sweep runs the steps it is given (\"best\" and "
          "\"max\" need a theorem: biasbound check suggests one)",
          value_place, shown_value(node));
    const auto text = shown_value(node);
    if (std::find(axis.shown.values.begin(), axis.shown.values.end(), text) !=
        axis.shown.values.end())
      throw core::input_error("{}: the value {} appears twice", value_place, text);
    axis.shown.values.push_back(text);
    axis.nodes.push_back(&node);
    axis.places.push_back(value_place);
  }
  return axis;
}

std::vector<Axis> read_grid(const toml::node* grid, const std::string& origin) {
  if (!grid)
    throw core::input_error(
        "{}: missing [grid]: a sweep needs at least one key with a list of values, such as "
        "gamma = [0.1, 0.5]",
        origin);
  const auto* table = grid->as_table();
  if (!table)
    throw core::input_error("{}: expected [grid] to be a table of keys with lists of values",
                            at_line(origin, *grid, "grid"));
  std::vector<GridEntry> entries;
  collect_grid(*table, "", entries);
  if (entries.empty())
    throw core::input_error(
        "{}: [grid] is empty: give at least one key with a list of values, such as gamma = "
        "[0.1, 0.5]",
        at_line(origin, *grid, "grid"));
  std::sort(entries.begin(), entries.end(), written_before);
  std::vector<Axis> axes;
  for (const auto& entry : entries) {
    auto axis = read_axis(entry, origin);
    for (const auto& other : axes)
      if (other.full == axis.full)
        throw core::input_error("{}: {} is already in [grid]",
                                at_line(origin, *entry.value, fmt::format("grid.{}", entry.name)),
                                axis.shown.key);
    axes.push_back(std::move(axis));
  }
  return axes;
}

struct ReportAt {
  std::vector<long long> iterations;
  std::string place;  // where report_at was written
};

ReportAt read_sweep_table(const toml::node* node, const std::string& origin) {
  if (!node) return {};
  const auto* table = node->as_table();
  if (!table)
    throw core::input_error("{}: expected [sweep] to be a table", at_line(origin, *node, "sweep"));
  ReportAt report;
  for (auto&& [key, value] : *table) {
    const auto place = at_line(origin, value, fmt::format("sweep.{}", key.str()));
    if (key.str() != "report_at")
      throw core::input_error("{}: unknown key; accepted in [sweep]: report_at", place);
    const auto* array = value.as_array();
    const auto expected = "a non-empty array of iterations (whole numbers >= 0), such as [50, 100]";
    if (!array || array->empty())
      throw core::input_error("{}: expected {}, got {}", place, expected, shown_value(value));
    for (const auto& item : *array) {
      const auto* k = item.as_integer();
      if (!k || k->get() < 0)
        throw core::input_error("{}: expected {}, got {}", place, expected, shown_value(item));
      report.iterations.push_back(k->get());
    }
    report.place = place;
  }
  return report;
}

// The report_at iterations must be ones where every cell's trace has the accuracy.
void check_report_at(const ReportAt& report, const SweepCell& cell) {
  const long long t = cell.scenario.iterations;
  const long long every = default_eval_every(t);
  for (const long long k : report.iterations) {
    if (k > t)
      throw core::input_error("{}: iteration {} is past the last one, T = {}", report.place, k, t);
    if (k != t && k % every != 0)
      throw core::input_error(
          "{}: iteration {} has no test accuracy: with T = {} it is evaluated every {} "
          "iterations (T/50) and at T",
          report.place, k, t, every);
  }
}

// Where the base scenario's step came from, for the error when it is not a number.
std::string gamma_place(const toml::table& root, const std::string& origin,
                        const std::vector<std::string>& overrides) {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it)
    if (scenario_key_name(it->substr(0, it->find('='))) == "method.gamma")
      return fmt::format("--set {}", *it);
  if (const auto* gamma = root.at_path("method.gamma").node())
    return at_line(origin, *gamma, "method.gamma");
  return fmt::format("{}: method.gamma (not given, so \"best\")", origin);
}

// A schedule's stages must add up to each cell's iterations (a grid may vary them).
void check_schedule_horizon(const SweepCell& cell, const toml::table& root,
                            const std::string& origin, const std::vector<std::string>& overrides) {
  const auto& s = cell.scenario;
  if (!validators::is_schedule(s.gamma)) return;
  const auto step = validators::parse_run_schedule(s.gamma, gamma_place(root, origin, overrides));
  if (step.horizon() != s.iterations)
    throw core::input_error(
        "{}: the schedule runs Σ T_s = {} iterations, but cell {} runs iterations = {}: make them "
        "agree",
        gamma_place(root, origin, overrides), step.horizon(), cell.folder, s.iterations);
}

void check_numeric_gamma(const validators::Scenario& base, const toml::table& root,
                         const std::string& origin, const std::vector<std::string>& overrides) {
  if (core::parse_double(base.gamma) || validators::is_schedule(base.gamma)) return;
  throw core::input_error(
      "{}: a sweep runs the steps it is given, not \"{}\" (which validate chooses): give a "
      "number > 0, a schedule [[T1, g1], [T2, g2], ...], or a list of numbers as [grid] gamma",
      gamma_place(root, origin, overrides), base.gamma);
}

// Without a theorem a sweep runs server momentum, which has none of the other methods' keys.
void check_server_momentum(const validators::Scenario& s, const std::string& origin) {
  const auto other = [&](std::string_view key, std::string_view method, std::string_view id) {
    throw core::input_error(
        "{}: {} is for {}; without a theorem a sweep runs server momentum (as biasbound run): "
        "set theorem = \"{}\" to run that method",
        origin, key, method, id);
  };
  if (!s.compressor.empty())
    other("estimator.compressor", "EF-SGD, M-DSGD, delayed GD, block-coordinate descent and IAG",
          "delayed-compressed-gd-pl");
  if (s.beta_tilde != 0) other("method.beta_tilde", "M-DSGD", "mdsgd-nonconvex");
  if (s.tau != 0 || s.staleness != "fixed")
    other("method.tau and method.staleness", "delayed GD", "delayed-compressed-gd-pl");
  if (s.blocks != 1) other("method.blocks", "block-coordinate descent", "block-coordinate-pl");
  if (s.order != "cyclic") other("method.order", "IAG", "iag-pl");
}

// A [grid] key the method does not read would make cells that differ in name only.
void check_axes_read(const validators::Scenario& base, const std::vector<Axis>& axes) {
  const auto config = scenario_run_config(base);
  for (const auto& axis : axes) {
    const auto& key = axis.shown.key;
    const bool method_key = key != "problem" && key != "workers" && key != "iterations";
    if (method_key && !method_reads(config, key))
      throw core::input_error(
          "{}: the method {} does not read {}, so its cells would not differ{}",
          axis.places.front(), methods::to_string(config.method), key,
          base.theorem.empty() ? "; without a theorem a sweep runs server momentum (set theorem = "
                                 "\"delayed-compressed-gd-pl\" to run delayed GD)"
                               : "");
  }
}

void check_overrides(const std::vector<std::string>& overrides, const std::vector<Axis>& axes,
                     const std::string& origin) {
  for (const auto& text : overrides) {
    const auto full = scenario_key_name(text.substr(0, text.find('=')));
    for (const auto& axis : axes)
      if (axis.full == full)
        throw core::input_error("--set {}: {} is a [grid] key of {}: change its list there", text,
                                axis.shown.key, origin);
  }
}

long long cell_count(const std::vector<Axis>& axes, const std::string& origin) {
  long long count = 1;
  for (const auto& axis : axes) {
    count *= static_cast<long long>(axis.nodes.size());
    if (count > kMaxCells)
      throw core::input_error("{}: [grid] makes more than {} cells; split the sweep", origin,
                              kMaxCells);
  }
  return count;
}

// The scenario of the file without the sweep's tables, with `assignments` set. The text is
// parsed again each time: a copied toml++ table loses the lines that errors name.
validators::Scenario read_scenario_part(std::string_view text, const std::string& origin,
                                        const std::vector<std::string>& overrides,
                                        const std::vector<Assignment>& assignments) {
  auto root = parse_toml(text, origin);
  root.erase("grid");
  root.erase("sweep");
  return scenario_from_table(std::move(root), origin, overrides, ScenarioUse::kRun, assignments);
}

SweepCell make_cell(int index, const std::vector<Axis>& axes, std::string_view text,
                    const std::string& origin, const std::vector<std::string>& overrides,
                    const std::vector<GridAxis>& grid, int width) {
  SweepCell cell;
  cell.index = index;
  std::vector<std::size_t> pick(axes.size());
  long long rest = index;
  for (std::size_t a = axes.size(); a-- > 0;) {  // the last key varies fastest
    pick[a] = static_cast<std::size_t>(rest % static_cast<long long>(axes[a].nodes.size()));
    rest /= static_cast<long long>(axes[a].nodes.size());
  }
  std::vector<Assignment> assignments;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    cell.values.push_back(axes[a].shown.values[pick[a]]);
    assignments.push_back({axes[a].full, axes[a].nodes[pick[a]], axes[a].places[pick[a]]});
  }
  cell.scenario = read_scenario_part(text, origin, overrides, assignments);
  cell.folder = cell_folder_name(index, width, grid, cell.values);
  return cell;
}

}  // namespace

const std::vector<std::string>& grid_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> v;
    for (const auto& key : kGridKeys) v.emplace_back(key.first);
    return v;
  }();
  return keys;
}

std::string cell_folder_name(int index, int width, const std::vector<GridAxis>& grid,
                             const std::vector<std::string>& values) {
  auto name = fmt::format("{:0{}d}", index, width);
  for (std::size_t a = 0; a < grid.size() && a < values.size(); ++a)
    name += fmt::format("-{}={}", grid[a].key, values[a]);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("._=+-").find(c) == std::string_view::npos)
      c = '_';
  if (name.size() > kMaxFolderName) name.resize(kMaxFolderName);
  return name;
}

std::string cell_label(const std::vector<GridAxis>& grid, const SweepCell& cell) {
  std::vector<std::string> parts;
  for (std::size_t a = 0; a < grid.size(); ++a)
    parts.push_back(fmt::format("{}={}", grid[a].key, cell.values[a]));
  return fmt::format("{}", fmt::join(parts, " "));
}

SweepFile parse_sweep(std::string_view text, const std::string& origin,
                      const std::vector<std::string>& overrides) {
  // The axes point to values in `file`, which lives until every cell is read.
  const auto file = parse_toml(text, origin);
  const auto axes = read_grid(file.get("grid"), origin);
  const auto report = read_sweep_table(file.get("sweep"), origin);
  check_overrides(overrides, axes, origin);
  SweepFile sweep;
  sweep.base = read_scenario_part(text, origin, overrides, {});
  if (sweep.base.theorem.empty()) check_server_momentum(sweep.base, origin);
  check_axes_read(sweep.base, axes);
  const bool gamma_in_grid =
      std::any_of(axes.begin(), axes.end(), [](const Axis& a) { return a.shown.key == "gamma"; });
  if (!gamma_in_grid) check_numeric_gamma(sweep.base, file, origin, overrides);
  for (const auto& axis : axes) sweep.grid.push_back(axis.shown);
  sweep.report_at = report.iterations;

  const auto count = cell_count(axes, origin);
  const int width = std::max(3, static_cast<int>(std::to_string(count - 1).size()));
  for (long long i = 0; i < count; ++i) {
    sweep.cells.push_back(
        make_cell(static_cast<int>(i), axes, text, origin, overrides, sweep.grid, width));
    check_report_at(report, sweep.cells.back());
    check_schedule_horizon(sweep.cells.back(), file, origin, overrides);
  }
  return sweep;
}

SweepFile load_sweep(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  if (std::filesystem::is_directory(path))
    throw core::input_error("sweep file '{}' is a directory: expected a TOML file such as {}",
                            path.string(), "scenarios/sweeps/momentum-vs-gd.toml");
  std::ifstream in(path);
  if (!in) throw core::input_error("sweep file '{}': cannot be read", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_sweep(text.str(), path.string(), overrides);
}

}  // namespace biasbound::io
