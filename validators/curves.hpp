#pragma once
// Curves over the horizon T = 0..K that the comparison works on: the theorem's bound, the
// bounded quantity per seed with its mean and standard error, and the window a rate fit uses.

#include <span>
#include <string>
#include <vector>

#include "methods/seed_run.hpp"
#include "theory/bound_shape.hpp"
#include "theory/check.hpp"
#include "theory/stagewise_bound.hpp"
#include "validators/quantity_curve.hpp"

namespace biasbound::validators {

/// bound(T) for T = 0..K; NaN where it is not defined (T = 0 of an average).
std::vector<double> bound_curve(const theory::BoundShape<theory::Wide>& shape, long long K);

/// The same for a schedule's bound composed stage by stage (which must be admitted).
std::vector<double> bound_curve(const theory::StagewiseBound& bound, long long K);

/// The bound the runs of `check` are compared with, T = 0..K: the composed bound of its
/// schedule, or the one step's. The conditions must hold.
std::vector<double> bound_curve(const theory::CheckResult& check, long long K);

/// The residual each bound(T) tends to: the one step's, or R_s of the stage T ends in (T in
/// (start_s, start_s + T_s]; T = 0 in the first).
std::vector<double> residual_curve(const theory::CheckResult& check, long long K);

struct QuantityCurves {
  std::vector<std::vector<double>> per_seed;  // [seed][T]
  std::vector<double> mean, standard_error;   // [T], over seeds
};

QuantityCurves quantity_curves(const std::string& name, std::span<const methods::SeedTrace> traces,
                               const QuantityInputs& inputs);

struct FitWindow {
  long long begin = 0, end = 0;  // [begin, end)
};

/// The fitted phase: from the first positive mean to where the mean falls to 1000 × `floor`
/// (the quantity's round-off floor).
FitWindow fit_window(const std::vector<double>& mean, double floor);

}  // namespace biasbound::validators
