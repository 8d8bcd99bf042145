#pragma once
// Constants measured by `biasbound measure` (measure.json), and the choice of the frontier
// point a theorem should use. Measured bias and variance constants are not single numbers but
// frontiers of pairs (m, ζ²) and (M, σ²) that are all consistent with the probed points; the
// best pair for a theorem is the admissible one with the smallest residual.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.hpp"
#include "theory/certify.hpp"
#include "theory/inputs.hpp"
#include "theory/scalar.hpp"
#include "theory/theorem.hpp"

namespace biasbound::theory {

struct BiasPoint {
  Rational m, zeta2;
  std::string label;  // "bias.m_only", "bias.zeta2_only", "bias.frontier[2]"
};

struct VariancePoint {
  Rational M, sigma2;
  std::string label;  // "variance.M_only", ...
};

struct MeasuredConstants {
  std::string path;
  std::vector<BiasPoint> bias;  // the two extremes first, then the frontier, as in the file
  std::vector<VariancePoint> variance;
  std::optional<double> points, samples, confidence;
  std::string coverage;  // "one-sided, 99% simultaneous over 12 points (Bonferroni)"
};

/// Reads measure.json; malformed files and impossible values are InputErrors naming the entry,
/// and so is a stateful estimator measured marginally over runs (an earlier biasbound): the
/// theorems bound E[g_k | past], so its constants must be conditional on the state.
/// Values are the exact binary doubles the JSON holds.
MeasuredConstants read_measured_constants(const std::filesystem::path& path);

/// The same from a measure.json record in memory (methods::measure's); `origin` names it in
/// errors and in MeasuredConstants::path.
MeasuredConstants measured_constants_from_json(const core::Json& record, const std::string& origin);

struct FrontierChoice {
  std::optional<BiasPoint> bias;          // chosen bias pair, if the file supplied it
  std::optional<VariancePoint> variance;  // chosen variance pair (σ² as the theorem uses it)
  Verdict admissible = Verdict::undecided;
  Wide residual;
  std::vector<std::string> notes;  // what was chosen, skipped and assumed, in words
};

/// Fills the theorem's bias and variance pairs that no flag gave with the frontier points that
/// minimise its residual at the given step, among admissible points with m < 1 (among all
/// points with m < 1 when none is admissible). A flag for one member of a pair needs the other.
FrontierChoice apply_measured_constants(const Theorem& theorem, const MeasuredConstants& file,
                                        Inputs& inputs);

}  // namespace biasbound::theory
