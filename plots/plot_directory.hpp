#pragma once
// `biasbound plot DIR`: every figure that DIR's results support, written to DIR/figures/.
//   validate output (validate.json, bound.csv)  → bound_vs_actual, tightness
//   region.csv (written by validate)            → admissible_region
//   measure output (measure.json + pairs.csv in DIR or DIR/measure) → bias_frontier,
//                                                  variance_frontier
//   run outputs in DIR's subfolders (run.json + trace.csv each) → beta_sweep
//   sweep output (sweep.json + sweep.csv)       → beta_sweep, one per combination of the grid
//                                                  keys other than estimator and β

#include <filesystem>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// Draws every supported figure; an empty result when DIR holds nothing plottable. A missing
/// gnuplot or a failing script is a core::InputError naming the script.
std::vector<Figure> plot_directory(const std::filesystem::path& dir);

}  // namespace biasbound::plots
