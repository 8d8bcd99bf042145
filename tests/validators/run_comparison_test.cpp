#include "validators/run_comparison.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "methods/callbacks/virtual_sequence.hpp"
#include "methods/run.hpp"
#include "problems/factory.hpp"
#include "theory/suggested_step.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;

namespace {

constexpr long long kT = 60;

// Gradient descent (server momentum with β = 1 on exact gradients) on a quadratic: one
// deterministic run, which biased-sgd-pl with m = ζ² = M = σ² = 0 bounds by (1 − γμ)^T F₀.
struct ExactGd {
  std::unique_ptr<problems::Problem> f = problems::make_problem("quadratic:d=12,L=1,mu=0.1", 3);
  double f_star = *f->constants().f_star;
  double F0 = problems::value(*f, f->initial_point()) - f_star;

  methods::Traces run(double gamma) const {
    methods::MethodSpec spec;
    spec.estimator = "exact";
    spec.gamma = gamma;
    return methods::run(*f, spec, {.iterations = kT, .seeds = 1});
  }

  // The check of biased-sgd-pl at step `gamma`, claiming strong convexity `mu`.
  theory::CheckResult check(double gamma, const std::string& mu) const {
    using theory::Symbol;
    theory::CheckArgs args;
    args.theorem = "biased-sgd-pl";
    args.values = {{Symbol::L, "1"},
                   {Symbol::mu, mu},
                   {Symbol::m, "0"},
                   {Symbol::zeta2, "0"},
                   {Symbol::M, "0"},
                   {Symbol::sigma2, "0"},
                   {Symbol::F0, theory::exact_decimal(F0)},
                   {Symbol::gamma, theory::exact_decimal(gamma)}};
    return theory::check(args);
  }

  validators::RunComparisonOptions options() const {
    validators::RunComparisonOptions o;
    o.f_star = f_star;
    o.deterministic = true;
    return o;
  }
};

}  // namespace

TEST_CASE("compare: gradient descent holds under its PL bound, violates an overstated mu",
          "[run-comparison]") {
  const ExactGd gd;
  const auto runs = gd.run(0.5);

  const auto honest = validators::compare(gd.check(0.5, "0.1"), runs, gd.options());
  CHECK(honest.outcome == validators::Outcome::kHolds);
  CHECK(honest.quantity == "f_gap_last");
  CHECK_FALSE(honest.first_violation);
  REQUIRE(honest.tightness_min);
  CHECK(*honest.tightness_min >= 1);  // bound / observed at every checkpoint
  CHECK(honest.checkpoints.back() == kT);
  CHECK(honest.to_json().at("verdict") == "holds");
  CHECK_THAT(honest.brief_report(), Contains("holds over 1 seeds"));

  // Claiming μ = 0.9 promises a contraction (1 − 0.45) per step that GD on μ = 0.1 cannot keep.
  const auto overstated = validators::compare(gd.check(0.5, "0.9"), runs, gd.options());
  CHECK(overstated.outcome == validators::Outcome::kViolated);
  REQUIRE(overstated.first_violation);
  CHECK(overstated.first_violation->observed_mean > overstated.first_violation->bound);
  CHECK(overstated.to_json().at("first_violation").at("iteration") ==
        overstated.first_violation->iteration);
  CHECK_THAT(overstated.brief_report(), Contains("violated") && Contains("first violated at T ="));
}

TEST_CASE("compare: the rate fitted to gradient descent is its contraction factor",
          "[run-comparison]") {
  // Every eigenvalue 0.2: f(x_k) − f* = (1 − 0.2γ)^(2k) F₀ exactly, so the fit must find 0.81.
  ExactGd gd;
  gd.f = problems::make_problem("quadratic:d=6,L=0.2,mu=0.2", 3);
  gd.f_star = *gd.f->constants().f_star;
  gd.F0 = problems::value(*gd.f, gd.f->initial_point()) - gd.f_star;
  const auto result = validators::compare(gd.check(0.5, "0.2"), gd.run(0.5), gd.options());
  CHECK(result.outcome == validators::Outcome::kHolds);
  REQUIRE(result.rate_fit);
  CHECK(result.rate_fit->rho == Approx(0.81).epsilon(1e-3));
}

TEST_CASE("compare: a diverged or unfinished seed gives INCONCLUSIVE with its reason",
          "[run-comparison]") {
  const ExactGd gd;
  auto runs = gd.run(0.5);
  const auto check = gd.check(0.5, "0.1");
  auto diverged = runs;
  diverged.seeds[0].divergence = "diverged at iteration 7: f(x_k) = inf";
  const auto a = validators::compare(check, diverged, gd.options());
  CHECK(a.outcome == validators::Outcome::kInconclusive);
  CHECK_THAT(a.reason,
             Contains("seed " + std::to_string(runs.seeds[0].seed) + " diverged at iteration 7"));
  CHECK(a.to_json().at("reason") == a.reason);

  auto short_run = runs;
  short_run.seeds[0].f.resize(10);
  short_run.seeds[0].stopped = "time limit";
  const auto b = validators::compare(check, short_run, gd.options());
  CHECK(b.outcome == validators::Outcome::kInconclusive);
  CHECK_THAT(b.reason, Contains("stopped after 9 of 60 iterations (time limit)"));
}

TEST_CASE("compare: bad options and impossible requests name what is wrong", "[run-comparison]") {
  const ExactGd gd;
  const auto runs = gd.run(0.5);
  const auto check = gd.check(0.5, "0.1");
  auto options = gd.options();
  options.confidence = 1;
  CHECK_THROWS_WITH(validators::compare(check, runs, options),
                    Contains("RunComparisonOptions.confidence = 1"));
  options = gd.options();
  options.checkpoints = 0;
  CHECK_THROWS_WITH(validators::compare(check, runs, options),
                    Contains("RunComparisonOptions.checkpoints = 0"));
  options = gd.options();
  options.f_star.reset();
  CHECK_THROWS_WITH(validators::compare(check, runs, options),
                    Contains("RunComparisonOptions.f_star") && Contains("f_gap_last"));
  options = gd.options();
  options.f_star = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(validators::compare(check, runs, options), core::InputError);

  // γ = 2.5 > 2/L: the conditions fail, so there is no bound to compare with.
  CHECK_THROWS_WITH(validators::compare(gd.check(2.5, "0.1"), runs, gd.options()),
                    Contains("conditions do not hold"));
  // A stochastic comparison needs two seeds at least.
  options = gd.options();
  options.deterministic = false;
  CHECK_THROWS(validators::compare(check, runs, options));
}

TEST_CASE("compare: momentum-pl's Lyapunov quantity needs the virtual sequence",
          "[run-comparison]") {
  const ExactGd gd;
  using theory::Symbol;
  theory::CheckArgs args;
  args.theorem = "momentum-pl";
  args.values = {{Symbol::L, "1"},       {Symbol::mu, "0.1"},
                 {Symbol::m, "0"},       {Symbol::zeta2, "0"},
                 {Symbol::M, "0"},       {Symbol::sigma2, "0"},
                 {Symbol::beta, "0.5"},  {Symbol::F0, theory::exact_decimal(gd.F0)},
                 {Symbol::gamma, "0.01"}};
  const auto check = theory::check(args);
  REQUIRE(check.admissible == theory::Verdict::holds);
  methods::MethodSpec spec;
  spec.estimator = "exact";
  spec.gamma = 0.01;
  spec.beta = 0.5;
  const auto without = methods::run(*gd.f, spec, {.iterations = kT, .seeds = 1});
  CHECK_THROWS_WITH(validators::compare(check, without, gd.options()), Contains("VirtualSequence"));
  const auto with = methods::run(*gd.f, spec, {.iterations = kT, .seeds = 1},
                                 methods::callbacks::VirtualSequence{});
  CHECK(validators::compare(check, with, gd.options()).outcome == validators::Outcome::kHolds);
}
