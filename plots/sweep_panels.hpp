#pragma once
// The layout of the beta_sweep figure, whatever feeds it (`biasbound run` folders, a sweep's
// sweep.csv): one column of panels per estimator, training loss above test accuracy, one
// coloured line per value of one key (β, or another grid key), each the mean over seeds with
// a band of one standard deviation.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// Mean and sample standard deviation over seeds at one iteration (sd 0 below two seeds).
struct SeedBand {
  double mean = 0;
  double sd = 0;
};

/// One line: a configuration's curves. Lines of the same value share a colour across columns.
struct SweepLine {
  std::string column{};               // its column of panels: the estimator
  std::string value{};                // its value of the line key, as the data file shows it
  std::string legend{};               // e.g. "β = 1 (2/5 seeds diverged)"
  std::string status{};               // the data file's status: completed, diverged, interrupted
  std::map<double, SeedBand> loss{};  // by iteration
  std::map<double, SeedBand> accuracy{};  // by iteration; empty without a test set
};

/// The words and names of one figure.
struct SweepPanels {
  std::string name = "beta_sweep";                          // file stem
  std::string title = "Momentum β sweep: training curves";  // Figure::title
  std::string heading = "Momentum β sweep";                 // above the panels
  std::string line_key = "beta";                            // the data file's column of line values
  std::string line_name = "momentum parameter β";     // what a colour stands for, in the caption
  std::string loss_label = "training loss f(x_k)";    // y label of the loss panels
  std::string loss_caption = "Training loss f(x_k)";  // the caption's first words
  std::string what{};                                 // what the lines are, e.g. "6 run(s)"
  std::string note{};  // the caption's last sentences (incomplete lines, diverged seeds)
};

/// Writes figures_dir/NAME.csv (estimator, line key, quantity, iter, mean, lower, upper,
/// status) and draws it. Lines keep their order; colours follow the order of first appearance
/// of each value. A line that is not "completed" is named in every panel, not only the first.
Figure draw_sweep_panels(const std::vector<SweepLine>& lines, const SweepPanels& panels,
                         const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
