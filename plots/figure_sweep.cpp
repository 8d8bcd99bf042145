#include "plots/figure_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "plots/sweep_panels.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// The values over seeds of one quantity of one run, by iteration.
using Curve = std::map<double, std::vector<double>>;

struct Run {
  std::string estimator;
  double beta = 0;
  std::string beta_text;         // as the CSV and the legend show it
  std::optional<double> f_star;  // when the problem knows it (run.json problem_constants)
  std::string status;            // "completed", "diverged" or "interrupted"
  Curve loss, accuracy;
};

/// run.json's status as the figure shows it. "running" means the process was killed outright
/// (or is still going): either way the curves are not complete, so it is shown as interrupted.
/// A run.json without a status predates it and was written when the run ended.
std::string shown_status(const core::Json& record) {
  const auto status = record.value("status", std::string("completed"));
  return status == "running" ? "interrupted" : status;
}

/// The legend entry: β, and how the run ended when it did not complete.
std::string legend_title(const Run& run) {
  return "β = " + run.beta_text + (run.status == "completed" ? "" : " (" + run.status + ")");
}

Run read_run(const fs::path& dir) {
  const auto record = core::read_artifact(dir / "run.json", core::Artifact::kRun);
  const auto& config = record.at("config");
  Run run;
  run.estimator = config.value("estimator", std::string("?"));
  run.beta = config.value("beta", 1.0);
  run.beta_text = fmt::format("{}", run.beta);
  run.status = shown_status(record);
  const auto constants = record.value("problem_constants", core::Json::object());
  if (constants.contains("f_star") && constants["f_star"].is_number())
    run.f_star = constants["f_star"].get<double>();
  const auto t = read_table(dir / "trace.csv");
  const auto iter = t.column("iter"), f = t.column("f");
  const auto acc = t.has_column("test_acc") ? std::optional(t.column("test_acc")) : std::nullopt;
  for (const auto& row : t.rows) {
    const double k = t.number(row, iter).value_or(0);
    if (const auto v = t.number(row, f)) run.loss[k].push_back(*v);
    if (acc)
      if (const auto v = t.number(row, *acc)) run.accuracy[k].push_back(*v);
  }
  return run;
}

double mean_of(const std::vector<double>& values) {
  double mean = 0;
  for (double v : values) mean += v / static_cast<double>(values.size());
  return mean;
}

/// Subtracts f* from every loss value when every run knows it, so the panels show the gap.
bool subtract_f_star(std::vector<Run>& runs) {
  const bool gap = !runs.empty() && std::all_of(runs.begin(), runs.end(), [](const Run& r) {
    return r.f_star && std::isfinite(*r.f_star);
  });
  if (gap)
    for (auto& run : runs)
      for (auto& [k, values] : run.loss)
        for (double& v : values) v -= *run.f_star;
  return gap;
}

std::map<double, SeedBand> bands(const Curve& curve) {
  std::map<double, SeedBand> out;
  for (const auto& [k, values] : curve) {
    const double mean = mean_of(values);
    double var = 0;
    for (double v : values) var += (v - mean) * (v - mean);
    const double sd =
        values.size() > 1 ? std::sqrt(var / static_cast<double>(values.size() - 1)) : 0;
    out[k] = {mean, sd};
  }
  return out;
}

SweepLine line_of(const Run& run) {
  return {run.estimator, run.beta_text,   legend_title(run),
          run.status,    bands(run.loss), bands(run.accuracy)};
}

}  // namespace

std::vector<fs::path> run_dirs(const fs::path& dir) {
  const auto is_run = [](const fs::path& d) {
    return fs::is_regular_file(d / "run.json") && fs::is_regular_file(d / "trace.csv");
  };
  std::vector<fs::path> runs;
  // A validate folder's trace.csv is not a run's, even beside a stale run.json.
  if (is_run(dir) && !fs::exists(dir / "validate.json")) runs.push_back(dir);
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_directory() && is_run(entry.path())) runs.push_back(entry.path());
  std::sort(runs.begin(), runs.end());
  return runs;
}

Figure sweep_figure(const std::vector<fs::path>& dirs, const fs::path& figures_dir) {
  std::vector<Run> runs;
  for (const auto& d : dirs) runs.push_back(read_run(d));
  std::stable_sort(runs.begin(), runs.end(),
                   [](const Run& a, const Run& b) { return a.beta < b.beta; });
  const bool gap = subtract_f_star(runs);
  std::vector<SweepLine> lines;
  for (const auto& run : runs) lines.push_back(line_of(run));
  SweepPanels panels;
  panels.loss_label = gap ? "f(x_k) − f*" : "training loss f(x_k)";
  panels.loss_caption =
      gap ? "The gap f(x_k) − f* to the problem's optimum" : "Training loss f(x_k)";
  panels.what = fmt::format("{} run(s)", runs.size());
  const auto incomplete =
      std::count_if(runs.begin(), runs.end(), [](const Run& r) { return r.status != "completed"; });
  if (incomplete > 0)
    panels.note = fmt::format(
        " {} run(s) did not complete and are marked in the legend: (interrupted) when run.json "
        "says the run was stopped or was still running when its process ended, (diverged) when "
        "it diverged; their curves end early and are not complete results.",
        incomplete);
  return draw_sweep_panels(lines, panels, figures_dir);
}

}  // namespace biasbound::plots
