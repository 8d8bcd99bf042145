#pragma once
// The measured frontiers of an estimator (bias_frontier, variance_frontier) from the output of
// `biasbound measure`: measure.json and pairs.csv in one folder.

#include <filesystem>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// bias_frontier and variance_frontier from `measure_dir`, drawn into `figures_dir`. A figure
/// whose every point is zero (an unbiased estimator's bias, an exact one's variance) has
/// nothing to show on log axes and is skipped.
std::vector<Figure> frontier_figures(const std::filesystem::path& measure_dir,
                                     const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
