#pragma once
// A theorem checked at the constants of a problem and of a measured estimator, as validate()
// checks it but from objects: the problem constants (problem_constants()), a measurement
// (methods::measure()) and the method's parameters. The step is chosen as validate() chooses it
// — the given γ, or the best γ for T over the measured frontiers, or the largest admissible —
// and the returned check is at exactly the double a run would use.

#include <optional>

#include "methods/measure.hpp"
#include "theory/theorem.hpp"
#include "validators/problem_constants.hpp"
#include "validators/theory_setup.hpp"

namespace biasbound::validators {

struct TheoremCheckOptions {
  std::optional<double> gamma{};  // unset: the best γ for T (the largest admissible if none)
  double beta = 1;                // server momentum's EMA weight
  double beta_tilde = 0;          // M-DSGD's heavy-ball coefficient
  int tau = 0;                    // delayed methods' largest staleness
  long long T = 1000;             // the horizon of bound(T) and of the best γ
  /// Compressor constants for the theorems that need them (δ-contraction, α-unbiased).
  std::optional<double> delta{}, alpha{};

  /// Throws core::InputError naming the first invalid field.
  void check() const;
};

/// `workers` is the n of the theorems that average over workers (M-DSGD, EF). Constants the
/// theorem needs but neither argument supplies (G², a per-worker σ²) are InputErrors naming them.
TheorySetup check_theorem(const theory::Theorem& statement, const ProblemConstants& problem,
                          int workers, const methods::MeasureOutcome& measured,
                          const TheoremCheckOptions& options);

}  // namespace biasbound::validators
