#include "methods/step_size.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "methods/run.hpp"
#include "problems/factory.hpp"

using namespace biasbound;
using methods::MethodKind;
using methods::StepSize;

namespace {

std::string error_of(const StepSize& step) {
  try {
    step.check("RunConfig.gamma");
  } catch (const core::InputError& e) {
    return e.what();
  }
  return {};
}

// Every method of the catalog, with what it needs to run on quadratic:d=6 with 3 workers.
std::vector<methods::MethodSpec> every_method() {
  std::vector<methods::MethodSpec> specs;
  for (const auto kind : {MethodKind::kServerMomentum, MethodKind::kEfSgd, MethodKind::kMdsgd,
                          MethodKind::kDelayedGd, MethodKind::kBlockCoordinate, MethodKind::kIag}) {
    methods::MethodSpec s;
    s.kind = kind;
    s.estimator = "exact";
    s.compressor = kind == MethodKind::kServerMomentum ? "" : "topk:k=3";
    if (kind == MethodKind::kBlockCoordinate) s.compressor = "identity";
    s.beta = 0.5;
    s.beta_tilde = 0.3;
    s.tau = 2;
    s.blocks = 2;
    specs.push_back(s);
  }
  return specs;
}

}  // namespace

TEST_CASE("a step schedule gives each stage's step, and the last one past its horizon",
          "[step_size]") {
  const StepSize constant = 0.25;
  CHECK(constant.constant());
  CHECK(constant.horizon() == 0);
  CHECK(constant.at(0) == 0.25);
  CHECK(constant.at(1'000'000) == 0.25);

  const auto s = StepSize::piecewise({{3, 0.5}, {2, 0.125}, {1, 1.0 / 3}});
  CHECK_FALSE(s.constant());
  CHECK(s.horizon() == 6);
  const std::vector<double> expected = {0.5, 0.5, 0.5, 0.125, 0.125, 1.0 / 3, 1.0 / 3, 1.0 / 3};
  for (std::size_t k = 0; k < expected.size(); ++k)
    CHECK(s.at(static_cast<long long>(k)) == expected[k]);
  CHECK(s.scaled(2).at(4) == 0.25);
  CHECK(s.scaled(2).horizon() == 6);
  CHECK(s.text() == "3:0.5,2:0.125,1:0.3333333333333333");
  CHECK(error_of(s).empty());
}

TEST_CASE("a bad step or stage is refused, naming the field and the stage", "[step_size]") {
  using Catch::Contains;
  CHECK_THAT(error_of(StepSize(0)), Contains("RunConfig.gamma = 0: must be a finite number > 0"));
  CHECK_THAT(error_of(StepSize(std::nan(""))), Contains("RunConfig.gamma = nan"));
  CHECK_THAT(error_of(StepSize::piecewise({{2, 0.1}, {3, -1}})),
             Contains("RunConfig.gamma = 2:0.1,3:-1: stage 2: γ = -1"));
  CHECK_THAT(error_of(StepSize::piecewise({{2, 0.1}, {0, 0.1}})),
             Contains("stage 2: T = 0 must be at least 1"));
  CHECK_THAT(error_of(StepSize::piecewise({})), Contains("at least one stage"));
  constexpr long long kHuge = std::numeric_limits<long long>::max() / 2 + 1;
  CHECK_THAT(error_of(StepSize::piecewise({{kHuge, 0.1}, {kHuge, 0.1}})),
             Contains("more iterations than fit"));
}

TEST_CASE(
    "every method follows a schedule: the same as its constant step through stage 1, "
    "different after",
    "[step_size]") {
  const auto problem = problems::make_problem("quadratic:d=6,L=1,mu=0.1", 3);
  constexpr long long T1 = 5, T2 = 4;
  for (auto spec : every_method()) {
    CAPTURE(methods::to_string(spec.kind));
    spec.gamma = 0.3;
    const auto constant = methods::run(*problem, spec, {.iterations = T1 + T2, .seeds = 1});
    // One stage, or two stages at the same step, is the constant step bit for bit.
    spec.gamma = StepSize::piecewise({{T1 + T2, 0.3}});
    const auto one_stage = methods::run(*problem, spec, {.iterations = T1 + T2, .seeds = 1});
    spec.gamma = StepSize::piecewise({{T1, 0.3}, {T2, 0.3}});
    const auto same = methods::run(*problem, spec, {.iterations = T1 + T2, .seeds = 1});
    CHECK(one_stage.seeds[0].f == constant.seeds[0].f);
    CHECK(same.seeds[0].f == constant.seeds[0].f);
    // f(x_k) for k ≤ T1 depends on γ₀..γ_{k−1} = γ₁ only; x_{T1+1} takes γ₂.
    spec.gamma = StepSize::piecewise({{T1, 0.3}, {T2, 0.05}});
    const auto staged = methods::run(*problem, spec, {.iterations = T1 + T2, .seeds = 1});
    const auto& a = staged.seeds[0].f;
    const auto& b = constant.seeds[0].f;
    for (long long k = 0; k <= T1; ++k)
      CHECK(a[static_cast<std::size_t>(k)] == b[static_cast<std::size_t>(k)]);
    CHECK(a[T1 + 1] != b[T1 + 1]);
  }
}

TEST_CASE("two-stage gradient descent on a quadratic matches the hand-computed iterates",
          "[step_size]") {
  // One worker with exact gradients: x_{k+1} = x_k − γ_k ∇f(x_k), γ_k = 0.5 for k < 3, then 1.5.
  const auto problem = problems::make_problem("quadratic:d=4,L=1,mu=0.25", 1);
  methods::MethodSpec spec;
  spec.estimator = "exact";
  spec.gamma = StepSize::piecewise({{3, 0.5}, {2, 1.5}});
  const auto run = methods::run(*problem, spec, {.iterations = 5, .seeds = 1});
  const auto x0 = problem->initial_point();
  problems::Vector grad(problem->dim());
  problems::Vector x = x0;
  for (int k = 0; k < 5; ++k) {
    problem->worker_value_gradient(0, x, grad);
    x -= (k < 3 ? 0.5 : 1.5) * grad;
  }
  CHECK(run.seeds[0].f.back() == Approx(problems::value(*problem, x)).epsilon(1e-13));
  problem->worker_value_gradient(0, x0, grad);
  CHECK(run.seeds[0].f.front() == Approx(problems::value(*problem, x0)).epsilon(1e-13));
}
