#pragma once
// The admissible step sizes of a theorem (admissible_region) from DIR/region.csv and
// DIR/validate.json: drawn whether or not the conditions hold, since it shows how to fix them.

#include <filesystem>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// admissible_region of the validate output `dir`, drawn into `figures_dir`: γ_max against the
/// momentum parameter when the theorem has one, else the interval (0, γ_max].
Figure region_figure(const std::filesystem::path& dir, const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
