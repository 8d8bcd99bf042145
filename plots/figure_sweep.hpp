#pragma once
// Training curves of several `biasbound run` outputs (beta_sweep), in the seed paper's style:
// one column of panels per estimator, training loss above test accuracy, one line per β.

#include <filesystem>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// The run outputs (folders holding run.json and trace.csv) among `dir` itself and its
/// immediate subfolders, in name order.
std::vector<std::filesystem::path> run_dirs(const std::filesystem::path& dir);

/// beta_sweep of `runs` (not empty), drawn into `figures_dir`: mean ± one standard deviation
/// over the seeds of each run.
Figure sweep_figure(const std::vector<std::filesystem::path>& runs,
                    const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
