#pragma once
// The frontier of constants consistent with measured points (THEORY.md §3): all (m, ζ²) ≥ 0
// with y_j ≤ m x_j + ζ² for every point j (x = ‖∇f‖², y = squared bias; or x = ‖E g‖²,
// y = variance for (M, σ²)). Its lower-left boundary is the polyline whose vertices are the
// edges of the upper convex hull of {(x_j, y_j)} ∪ {(0, 0)} with non-negative slope and
// intercept; its ends are the extremes slope_only (ζ² = 0) and intercept_only (m = 0).
// An x (or y) below 1e-20 of the largest is rounding noise around zero (e.g. ‖∇f(x*)‖²
// computed in double) and counts as 0: such a point bounds the intercept only.
//
// A frontier vertex rests on several points at once, so its confidence must hold for all the
// points' limits together: frontier_levels() gives each point's one-sided level by Bonferroni.

#include <optional>
#include <span>
#include <vector>

#include "estimators/draw_statistics.hpp"

namespace biasbound::estimators {

struct FrontierVertex {
  double slope = 0;      // m (or M)
  double intercept = 0;  // ζ² (or σ²)
};

struct Frontier {
  std::optional<double> slope_only;      // max_j y_j/x_j; none when some y_j > 0 has x_j = 0
  double intercept_only = 0;             // max_j y_j
  std::vector<FrontierVertex> vertices;  // ordered by increasing slope, extremes included
};

/// Bonferroni: the one-sided level of each limit so that `limits` limits hold together with
/// probability at least `confidence`: 1 − (1 − confidence)/limits.
double simultaneous_level(double confidence, int limits);

/// The per-point levels that make each frontier over `points` points hold simultaneously at
/// `confidence`: the bias frontier uses one limit per point (the upper limit of b), the
/// variance frontier two (the lower limit of c, the upper limit of v).
Levels frontier_levels(double confidence, int points);

/// Builds the frontier of the points (x_j, y_j); negative y are treated as 0.
Frontier build_frontier(std::span<const double> x, std::span<const double> y);

}  // namespace biasbound::estimators
