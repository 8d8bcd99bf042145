#pragma once
// The tidy CSV files of a validation: trace.csv (per seed and iterate), bound.csv (per horizon:
// bound, observed mean with its limits, tightness, fit) and region.csv (γ_max against the
// momentum parameter).

#include <filesystem>
#include <optional>
#include <vector>

#include "core/json_io.hpp"
#include "theory/check.hpp"
#include "validators/run_comparison.hpp"

namespace biasbound::validators {

void write_trace(const std::filesystem::path& path, const std::vector<methods::SeedTrace>& traces,
                 const QuantityCurves& curves, bool virtual_sequence);

/// Limits at every T use the comparison's (Bonferroni) t quantile; `checkpoint` marks the
/// horizons the verdict was decided on; the fit is the comparison's rate fit; `residual` is what
/// each bound(T) tends to (one value, or a schedule stage's).
void write_bound(const std::filesystem::path& path, const std::vector<double>& bound,
                 const std::vector<double>& residual, const RunComparison& comparison);

/// Returns validate.json's "region" entry; an empty path writes no file.
core::Json write_region(const std::filesystem::path& path, const theory::Theorem& statement,
                        const theory::CheckResult& check);

}  // namespace biasbound::validators
