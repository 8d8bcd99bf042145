#pragma once
// The report page of a `biasbound sweep` folder, DIR/report.html: what the sweep is, what was
// run, the table of test accuracy per cell (table.csv), the beta_sweep figures and the
// commands that reproduce it, in the validation report's style (plots/html_page.hpp).

#include <filesystem>

namespace biasbound::plots {

/// Draws the figures (plot_directory) and writes DIR/report.html; returns its path. A missing
/// or malformed sweep.json, sweep.csv or table.csv is a core::InputError naming the file.
std::filesystem::path write_sweep_report(const std::filesystem::path& dir);

}  // namespace biasbound::plots
