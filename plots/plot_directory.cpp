#include "plots/plot_directory.hpp"

#include <optional>

#include "core/error.hpp"
#include "plots/figure_bound.hpp"
#include "plots/figure_communication.hpp"
#include "plots/figure_frontier.hpp"
#include "plots/figure_region.hpp"
#include "plots/figure_sweep.hpp"
#include "plots/figure_sweep_folder.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// The folder of a `biasbound measure` output: DIR/measure after validate, DIR itself when DIR
/// is a `measure --out` folder.
std::optional<fs::path> measure_dir(const fs::path& dir) {
  for (const auto& d : {dir / "measure", dir})
    if (fs::is_regular_file(d / "measure.json") && fs::is_regular_file(d / "pairs.csv")) return d;
  return std::nullopt;
}

/// validate writes region.csv beside validate.json even when the conditions fail (no bound.csv).
bool has_region(const fs::path& dir) {
  return fs::is_regular_file(dir / "validate.json") && fs::is_regular_file(dir / "region.csv");
}

void append(std::vector<Figure>& to, std::vector<Figure> more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

std::vector<Figure> plot_directory(const fs::path& dir) {
  if (!fs::exists(dir)) throw core::input_error("{}: no such directory", dir.string());
  if (!fs::is_directory(dir))
    throw core::input_error(
        "'{}' is a file: plot takes a results directory (of validate, measure or runs), e.g. "
        "results/demo",
        dir.string());
  const bool bound =
      fs::is_regular_file(dir / "validate.json") && fs::is_regular_file(dir / "bound.csv");
  const auto measure = measure_dir(dir);
  const bool region = has_region(dir);
  const bool sweep = is_sweep_dir(dir);
  // A sweep's cells are drawn from its sweep.csv, not from their traces.
  const auto runs = sweep ? std::vector<fs::path>{} : run_dirs(dir);
  std::vector<Figure> figures;
  if (!bound && !measure && !region && !sweep && runs.empty()) return figures;
  const auto out = dir / "figures";
  std::error_code error;
  fs::create_directories(out, error);
  if (error) throw core::input_error("cannot create '{}': {}", out.string(), error.message());
  if (bound) append(figures, bound_figures(dir, out));
  if (measure) append(figures, frontier_figures(*measure, out));
  if (region) figures.push_back(region_figure(dir, out));
  if (!runs.empty()) figures.push_back(sweep_figure(runs, out));
  if (sweep) append(figures, sweep_folder_figures(dir, out));
  if (sweep) append(figures, communication_figures(dir, out));
  return figures;
}

}  // namespace biasbound::plots
