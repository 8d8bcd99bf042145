#pragma once
// The figures of a validation: the bound against the observed quantity (bound_vs_actual) and
// their ratio (tightness), from DIR/validate.json and DIR/bound.csv.

#include <filesystem>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// bound_vs_actual and tightness of the validate output `dir`, drawn into `figures_dir`.
std::vector<Figure> bound_figures(const std::filesystem::path& dir,
                                  const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
