// Options structs are written with designated initializers naming only the fields that differ
// from the defaults ({.points = 24, .samples = 200}). Every member has a default member
// initializer, so this compiles under -Wextra -Werror (GCC's -Wmissing-field-initializers warns
// about members without one) and the unnamed fields keep their defaults.

#include <catch2/catch.hpp>

#include "estimators/point_sampler.hpp"
#include "estimators/stage_checker.hpp"
#include "methods/block_coordinate.hpp"
#include "methods/delayed_gd.hpp"
#include "methods/iag.hpp"
#include "methods/mdsgd.hpp"
#include "methods/measure.hpp"
#include "methods/run.hpp"
#include "methods/seed_run.hpp"
#include "methods/server_momentum.hpp"
#include "problems/gradient_checker.hpp"
#include "problems/quadratic.hpp"
#include "theory/check.hpp"
#include "validators/compare.hpp"
#include "validators/optimum.hpp"
#include "validators/rate_fit.hpp"
#include "validators/run_comparison.hpp"
#include "validators/smoothness.hpp"
#include "validators/theorem_check.hpp"
#include "validators/validation.hpp"

using namespace biasbound;

TEST_CASE("options structs take designated initializers and keep their other defaults",
          "[options]") {
  const methods::MeasureConfig measure{.points = 24, .samples = 300};
  CHECK(measure.samples == 300);
  CHECK(measure.confidence == methods::MeasureConfig{}.confidence);
  CHECK(measure.probes == methods::MeasureConfig{}.probes);
  const methods::RunOptions run{.iterations = 10};
  CHECK(run.seeds == methods::RunOptions{}.seeds);
  const methods::MethodSpec spec{.gamma = 0.1};
  CHECK(spec.beta == 1);
  CHECK(spec.estimator.empty());
  const methods::MomentumParams momentum{.gamma = 0.1};
  CHECK(momentum.beta == methods::MomentumParams{}.beta);
  const methods::MdsgdParams mdsgd{.eta = 0.1};
  CHECK(mdsgd.beta == methods::MdsgdParams{}.beta);
  const methods::DelayedGdParams delayed{.gamma = 0.1};
  CHECK(delayed.tau == methods::DelayedGdParams{}.tau);
  const methods::BlockCoordinateParams block{.gamma = 0.1, .blocks = 4};
  CHECK(block.staleness == methods::BlockCoordinateParams{}.staleness);
  const methods::IagParams iag{.gamma = 0.1};
  CHECK(iag.order == methods::IagParams{}.order);
  const estimators::SamplingSettings sampling{.samples = 50};
  CHECK(sampling.seed == estimators::SamplingSettings{}.seed);
  const estimators::StageCheckOptions stage{.samples = 50};
  CHECK(stage.inputs == estimators::StageCheckOptions{}.inputs);
  const problems::GradientCheckOptions gradient{.tolerance = 1e-5};
  CHECK(gradient.relative_step == problems::GradientCheckOptions{}.relative_step);
  const problems::QuadraticOptions quadratic{.dim = 10};
  CHECK(quadratic.L == problems::QuadraticOptions{}.L);
  const theory::CheckArgs check{.theorem = "momentum-pl"};
  CHECK_FALSE(check.measured);
  const validators::CompareOptions compare{.confidence = 0.9};
  CHECK(compare.absolute_floor == validators::CompareOptions{}.absolute_floor);
  const validators::RateFitOptions fit{.begin = 2};
  CHECK_FALSE(fit.end);
  const validators::RunComparisonOptions runs{.f_star = 0.0};
  CHECK(runs.checkpoints == validators::RunComparisonOptions{}.checkpoints);
  const validators::TheoremCheckOptions theorem{.beta = 0.5};
  CHECK_FALSE(theorem.gamma);
  CHECK(theorem.T == validators::TheoremCheckOptions{}.T);
  const validators::ValidateOptions validate{.progress = false};
  CHECK(validate.out.empty());
  const validators::OptimumOptions optimum{};
  const validators::PowerIterationOptions power{};
  CHECK(optimum.max_iterations == validators::OptimumOptions{}.max_iterations);
  CHECK(power.max_iterations == validators::PowerIterationOptions{}.max_iterations);
}
