#pragma once
// Suboptimality against communication, from a `biasbound sweep` over compressors (seed 001's
// comparison): for each combination of the other grid keys that vary (τ, γ, ...), one figure
// of two panels: f − f* (‖∇f‖² when f* is unknown) against the iteration k, and the same
// against the cumulative uplink bits before x_k; one colour per compressor, the mean over
// seeds with a band of one standard deviation. Read from sweep.csv and sweep.json.

#include <filesystem>
#include <vector>

#include "plots/figure.hpp"

namespace biasbound::plots {

/// The figures, drawn into figures_dir; none when the grid does not vary the compressor (a
/// sweep with a theorem whose method sends C's messages) or sweep.csv records no bits. A malformed
/// sweep.json or sweep.csv is a core::InputError naming the file.
std::vector<Figure> communication_figures(const std::filesystem::path& dir,
                                          const std::filesystem::path& figures_dir);

}  // namespace biasbound::plots
