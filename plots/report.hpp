#pragma once
// `biasbound report DIR`: DIR/report.html, self-contained (inline SVG, inline CSS, no scripts,
// no external assets), from a validate output directory or a sweep's (plots/sweep_report.hpp).

#include <filesystem>

namespace biasbound::plots {

/// Draws the figures (plot_directory) and writes DIR/report.html; returns its path. A DIR
/// holding sweep.json gets the sweep's report (write_sweep_report); any other DIR without
/// validate.json is a core::InputError naming it.
std::filesystem::path write_report(const std::filesystem::path& dir);

}  // namespace biasbound::plots
