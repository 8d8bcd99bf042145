#include "plots/figure_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "core/csv_writer.hpp"
#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "plots/gnuplot.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// Mean and standard deviation over seeds of one quantity of one run, by iteration.
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

/// How the loss panels show f: as the gap f − f* when every run knows f*, on a log axis only
/// when every value drawn is positive (a quadratic's f is often negative, and a log axis with
/// no positive value is a gnuplot error).
struct LossAxis {
  bool gap = false;
  bool log = true;
  double floor = 0;  // where a band reaching 0 or below stops on the log axis
};

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

/// Subtracts f* from every loss value when every run knows it.
LossAxis loss_axis(std::vector<Run>& runs) {
  LossAxis axis;
  axis.gap = !runs.empty() && std::all_of(runs.begin(), runs.end(), [](const Run& r) {
    return r.f_star && std::isfinite(*r.f_star);
  });
  double smallest = std::numeric_limits<double>::infinity();
  for (auto& run : runs)
    for (auto& [k, values] : run.loss) {
      if (axis.gap)
        for (double& v : values) v -= *run.f_star;
      const double mean = mean_of(values);
      if (!(mean > 0)) axis.log = false;
      if (mean > 0) smallest = std::min(smallest, mean);
    }
  axis.floor = std::isfinite(smallest) ? smallest / 10 : 1e-12;
  return axis;
}

void write_curve(core::CsvWriter& csv, const Run& run, const char* quantity, const Curve& curve,
                 std::optional<double> floor) {
  for (const auto& [k, values] : curve) {
    const double mean = mean_of(values);
    double var = 0;
    for (double v : values) var += (v - mean) * (v - mean);
    const double sd =
        values.size() > 1 ? std::sqrt(var / static_cast<double>(values.size() - 1)) : 0;
    const double lower = floor ? std::max(mean - sd, *floor) : mean - sd;
    csv.cell(run.estimator).cell(run.beta_text).cell(quantity).cell(k).cell(mean);
    csv.cell(lower).cell(mean + sd).cell(std::string_view(run.status)).end_row();
  }
}

// Distinct colours for β values in a fixed order (no bound in this figure, so vermillion is free).
constexpr std::array<std::string_view, 8> kBetaColours = {
    colour::observed, colour::orange, colour::fit,   colour::analytic,
    colour::sky,      colour::bound,  colour::black, colour::yellow};

/// One panel: every β of `estimator` for `quantity`, the legend only in the first column.
std::string panel(const std::vector<Run>& runs, const std::vector<double>& betas,
                  const std::string& estimator, const char* quantity, bool legend) {
  std::string plot = "    plot ";
  bool first = true;
  for (const auto& run : runs) {
    if (run.estimator != estimator) continue;
    const auto colour =
        kBetaColours[static_cast<std::size_t>(std::find(betas.begin(), betas.end(), run.beta) -
                                              betas.begin()) %
                     kBetaColours.size()];
    const auto select =
        fmt::format("{},{},\"{}\"", literal(estimator), literal(run.beta_text), quantity);
    plot += fmt::format(
        "{}{} using 4:(pick3({s},6)):(pick3({s},7)) with filledcurves fc rgb '{c}' "
        "fs transparent solid 0.15 noborder, \\\n"
        "         '' using 4:(pick3({s},5)) with lines lw 2.5 lc rgb '{c}' title {t}",
        first ? "" : ", \\\n         ", first ? "'beta_sweep.csv'" : "''", fmt::arg("s", select),
        fmt::arg("c", colour),
        // An incomplete run is named in every panel, not only where the legend is.
        fmt::arg("t", legend || run.status != "completed" ? literal(legend_title(run))
                                                          : std::string("''")));
    first = false;
  }
  return plot + "\n";
}

// Losses often span less than a decade, where gnuplot's log axis labels nothing: label the
// 1-2-5 values of every decade instead.
std::string one_two_five_tics() {
  std::string tics;
  for (int decade = -8; decade <= 4; ++decade)
    for (double mantissa : {1.0, 2.0, 5.0}) {
      const double v = mantissa * std::pow(10.0, decade);
      tics += fmt::format("{}\"{:g}\" {:g}", tics.empty() ? "" : ", ", v, v);
    }
  return "  set ytics (" + tics + ")\n";
}

std::string body(const std::vector<Run>& runs, const std::vector<std::string>& estimators,
                 const std::vector<double>& betas, bool accuracy, const LossAxis& axis) {
  std::string text = fmt::format(
      "  pick3(e, b, q, c) = strcol(1) eq e && strcol(2) eq b && strcol(3) eq q ? column(c) : NaN\n"
      "  set multiplot layout {},{} title 'Momentum β sweep: mean ± one standard deviation over "
      "seeds'\n",
      accuracy ? 2 : 1, estimators.size());
  // layout fills rows first: every estimator's loss panel, then every accuracy panel.
  for (const char* quantity : accuracy ? std::vector{"f", "test_acc"} : std::vector{"f"}) {
    const bool loss = std::string(quantity) == "f";
    const std::string label = axis.gap ? "f(x_k) − f*" : "training loss f(x_k)";
    const std::string scale = axis.log ? "  set logscale y\n" + one_two_five_tics()
                                       : "  unset logscale y\n  set ytics auto\n";
    text += loss ? scale + "  set ylabel '" + label + "'\n  set key inside top right\n"
                 : "  unset logscale y\n  set ytics auto\n  set ylabel 'test accuracy'\n";
    for (std::size_t i = 0; i < estimators.size(); ++i) {
      text += fmt::format("    set title {} noenhanced\n    set xlabel 'iteration k'\n",
                          literal(loss ? estimators[i] : std::string()));
      if (i == 1) text += "    unset ylabel\n";
      text += panel(runs, betas, estimators[i], quantity, loss && i == 0);
    }
  }
  return text + "  unset multiplot\n";
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
  const LossAxis axis = loss_axis(runs);
  std::vector<std::string> estimators;
  std::vector<double> betas;
  bool accuracy = false;
  {
    core::CsvWriter csv(figures_dir / "beta_sweep.csv", {"estimator", "beta", "quantity", "iter",
                                                         "mean", "lower", "upper", "status"});
    for (const auto& run : runs) {
      if (std::find(estimators.begin(), estimators.end(), run.estimator) == estimators.end())
        estimators.push_back(run.estimator);
      if (std::find(betas.begin(), betas.end(), run.beta) == betas.end()) betas.push_back(run.beta);
      accuracy = accuracy || !run.accuracy.empty();
      write_curve(csv, run, "f", run.loss, axis.log ? std::optional(axis.floor) : std::nullopt);
      write_curve(csv, run, "test_acc", run.accuracy, std::nullopt);
    }
  }
  Script s;
  s.name = "beta_sweep";
  s.title = "Momentum β sweep: training curves";
  s.caption = fmt::format(
      "{}{} against the iteration k for {} run(s), one column per estimator "
      "and one colour per momentum parameter β; lines are means over the seeds and shaded bands "
      "one standard deviation. Compare colours within a column to see how β changes the speed "
      "and the level the loss settles at.",
      axis.gap ? "The gap f(x_k) − f* to the problem's optimum" : "Training loss f(x_k)",
      fmt::format("{}{}", accuracy ? " (top, " : " (",
                  axis.log ? "log scale)" : "linear scale: some values are not positive)") +
          (accuracy ? " and test accuracy (bottom)" : ""),
      runs.size());
  const auto incomplete =
      std::count_if(runs.begin(), runs.end(), [](const Run& r) { return r.status != "completed"; });
  if (incomplete > 0)
    s.caption += fmt::format(
        " {} run(s) did not complete and are marked in the legend: (interrupted) when run.json "
        "says the run was stopped or was still running when its process ended, (diverged) when "
        "it diverged; their curves end early and are not complete results.",
        incomplete);
  s.width = std::max(900, 450 * static_cast<int>(estimators.size()));
  s.height = accuracy ? 760 : 520;
  s.body = body(runs, estimators, betas, accuracy, axis);
  return draw(figures_dir, s);
}

}  // namespace biasbound::plots
