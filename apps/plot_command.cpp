#include "apps/plot_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "core/json_io.hpp"
#include "plots/plot_directory.hpp"

namespace biasbound::apps {
namespace {

struct PlotArgs {
  std::string dir;
  bool json = false;
};

core::Json figure_json(const plots::Figure& f) {
  return {{"name", f.name},        {"title", f.title},    {"caption", f.caption},
          {"csv", f.csv.string()}, {"gp", f.gp.string()}, {"svg", f.svg.string()},
          {"png", f.png.string()}};
}

int run_plot(const PlotArgs& a) {
  const auto figures = plots::plot_directory(a.dir);
  if (figures.empty()) {
    fmt::print(stderr,
               "{}: nothing to plot (expected validate.json, measure.json, a sweep's sweep.json "
               "and sweep.csv with rows, or run outputs in subfolders)\n",
               a.dir);
    return 2;
  }
  if (a.json) {
    auto list = core::Json::array();
    for (const auto& f : figures) list.push_back(figure_json(f));
    std::cout << list.dump(2) << '\n';
  } else {
    for (const auto& f : figures) fmt::print("{:<18} {}\n", f.name, f.svg.string());
  }
  return 0;
}

}  // namespace

Command add_plot_command(CLI::App& app) {
  auto args = std::make_shared<PlotArgs>();
  auto* cmd = app.add_subcommand(
      "plot",
      "Draw every figure a results folder supports (validate, measure, sweep or run outputs) into "
      "DIR/figures: CSV data, gnuplot script, SVG and PNG");
  cmd->add_option("dir", args->dir, "Results folder, e.g. results/demo")->required();
  cmd->add_flag("--json", args->json,
                "Print the figures as a JSON array of {name,title,caption,csv,gp,svg,png}");
  cmd->footer(
      "Exit status: 0 when figures were drawn, 2 when DIR holds nothing to plot or bad "
      "input (needs gnuplot: Debian package gnuplot-nox).");
  return {cmd, [args] { return run_plot(*args); }};
}

}  // namespace biasbound::apps
