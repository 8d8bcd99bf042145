#pragma once
// The beta_sweep figures of a `biasbound sweep` folder, drawn from its sweep.csv (mean and
// standard deviation over seeds per cell and evaluated iteration) and the grid in sweep.json,
// not from the cells' traces: one column of panels per estimator, one line per β, and one
// figure per combination of the other grid keys that vary (beta_sweep-gamma=0.5). Without β in
// the grid the lines are the values of the first other key that varies (gamma_sweep-...).
// A cell's diverged seeds are counted in its legend entry, never dropped.

#include <filesystem>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// Whether `dir` holds a sweep's results (sweep.json).
bool is_sweep_dir(const std::filesystem::path& dir);

/// The figures, drawn into figures_dir; none when sweep.csv has no rows with a loss or an accuracy
/// (no cell finished yet, or a problem without evaluation metrics). A missing or malformed
/// sweep.json or sweep.csv is a core::InputError naming the file.
std::vector<Figure> sweep_folder_figures(const std::filesystem::path& dir,
                                         const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
