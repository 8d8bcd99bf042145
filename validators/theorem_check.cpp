#include "validators/theorem_check.hpp"

#include <cmath>

#include "core/error.hpp"
#include "theory/suggested_step.hpp"

namespace biasbound::validators {
namespace {

// The scenario validate() would have read for these options: setup_theory() takes one.
Scenario scenario_for(const theory::Theorem& statement, int workers, const TheoremCheckOptions& o) {
  Scenario s;
  s.theorem = statement.info().id;
  s.regime = std::string(theory::regime_name(statement.info().regime));
  s.workers = workers;
  s.gamma = o.gamma ? theory::exact_decimal(*o.gamma) : "best";  // read back exactly
  s.beta = o.beta;
  s.beta_tilde = o.beta_tilde;
  s.tau = o.tau;
  s.iterations = o.T;
  return s;
}

EstimatorConstants estimator_constants(const methods::MeasureOutcome& measured,
                                       const TheoremCheckOptions& o) {
  EstimatorConstants e;
  e.measure_record = measured.record;
  if (o.delta) e.delta = Sourced{*o.delta, "TheoremCheckOptions.delta"};
  if (o.alpha) e.alpha = Sourced{*o.alpha, "TheoremCheckOptions.alpha"};
  return e;
}

}  // namespace

void TheoremCheckOptions::check() const {
  if (gamma && !(std::isfinite(*gamma) && *gamma > 0))
    throw core::field_error("TheoremCheckOptions.gamma", *gamma, "must be a finite number > 0");
  if (!(beta > 0 && beta <= 1))
    throw core::field_error("TheoremCheckOptions.beta", beta, "must lie in (0, 1]");
  if (!(beta_tilde >= 0 && beta_tilde < 1))
    throw core::field_error("TheoremCheckOptions.beta_tilde", beta_tilde, "must lie in [0, 1)");
  if (tau < 0) throw core::field_error("TheoremCheckOptions.tau", tau, "must be ≥ 0");
  if (T < 1) throw core::field_error("TheoremCheckOptions.T", T, "must be ≥ 1");
  if (delta && !(*delta > 0 && *delta <= 1))
    throw core::field_error("TheoremCheckOptions.delta", *delta, "must lie in (0, 1]");
  if (alpha && !(std::isfinite(*alpha) && *alpha >= 1))
    throw core::field_error("TheoremCheckOptions.alpha", *alpha, "must be a finite number ≥ 1");
}

TheorySetup check_theorem(const theory::Theorem& statement, const ProblemConstants& problem,
                          int workers, const methods::MeasureOutcome& measured,
                          const TheoremCheckOptions& options) {
  options.check();
  if (workers < 1) throw core::input_error("check_theorem: workers = {} must be ≥ 1", workers);
  return setup_theory(scenario_for(statement, workers, options), statement, problem,
                      estimator_constants(measured, options));
}

}  // namespace biasbound::validators
