#include "validators/theorem_check.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "core/error.hpp"
#include "estimators/pipeline.hpp"
#include "methods/callbacks/virtual_sequence.hpp"
#include "methods/run.hpp"
#include "problems/factory.hpp"
#include "theory/catalog.hpp"
#include "validators/run_comparison.hpp"
#include "validators/validation.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kProblem = "quadratic:d=20,L=1,mu=0.05";
constexpr const char* kEstimator = "topk:k=4";

methods::MeasureOutcome measured_topk(const problems::Problem& f) {
  methods::MeasureConfig m;
  m.points = 6;
  m.samples = 8;
  m.progress = false;
  return methods::measure(f, estimators::Pipeline::parse(kEstimator, f), m);
}

validators::Scenario scenario(const std::string& theorem, long long T) {
  validators::Scenario s;
  s.theorem = theorem;
  s.problem = kProblem;
  s.estimator = kEstimator;
  s.beta = 0.5;
  s.iterations = T;
  s.points = 6;
  s.samples = 8;
  return s;
}

}  // namespace

TEST_CASE("check_theorem, run and compare reach validate's step and verdict", "[theorem-check]") {
  const auto f = problems::make_problem(kProblem, 1);
  const auto measured = measured_topk(*f);
  const auto problem = validators::problem_constants(*f, true, 100);
  for (const std::string id : {"momentum-pl", "biased-sgd-pl"}) {
    INFO(id);
    const auto& theorem = *theory::select_statement(id, theory::Regime::pl, true).theorem;
    const bool momentum = id == "momentum-pl";
    validators::TheoremCheckOptions options;
    options.beta = momentum ? 0.5 : 1;
    options.T = 300;
    const auto setup = validators::check_theorem(theorem, problem, 1, measured, options);
    REQUIRE(setup.check.admissible == theory::Verdict::holds);

    methods::MethodSpec spec;
    spec.estimator = kEstimator;
    spec.gamma = setup.gamma;
    spec.beta = options.beta;
    const auto runs = momentum ? methods::run(*f, spec, {.iterations = 300, .seeds = 1},
                                              methods::callbacks::VirtualSequence{})
                               : methods::run(*f, spec, {.iterations = 300, .seeds = 1});
    const auto compared = validators::compare(
        setup.check, runs, {.f_star = problem.f_star.value, .deterministic = true});

    validators::ValidateOptions v;
    v.progress = false;
    auto s = scenario(id, 300);
    s.beta = options.beta;
    const auto validated = validators::validate(*f, s, v);
    CHECK(setup.gamma == validated.gamma);  // bit for bit: the same choice of step
    CHECK(std::string(validators::to_string(compared.outcome)) == validated.verdict);
    CHECK(compared.outcome == validators::Outcome::kHolds);
  }
}

TEST_CASE("check_theorem: options name their field, a missing constant is named",
          "[theorem-check]") {
  const auto f = problems::make_problem(kProblem, 1);
  const auto measured = measured_topk(*f);
  const auto problem = validators::problem_constants(*f, true, 100);
  const auto& pl = *theory::select_statement("momentum-pl", theory::Regime::pl, true).theorem;
  validators::TheoremCheckOptions bad;
  bad.beta = 0;
  CHECK_THROWS_WITH(validators::check_theorem(pl, problem, 1, measured, bad),
                    Contains("TheoremCheckOptions.beta = 0"));
  bad = {};
  bad.gamma = -1;
  CHECK_THROWS_WITH(validators::check_theorem(pl, problem, 1, measured, bad),
                    Contains("TheoremCheckOptions.gamma = -1"));
  bad = {};
  bad.T = 0;
  CHECK_THROWS_WITH(validators::check_theorem(pl, problem, 1, measured, bad),
                    Contains("TheoremCheckOptions.T = 0"));

  // A given step is checked as given: γ = 3 > 2/L fails the conditions.
  validators::TheoremCheckOptions large;
  large.gamma = 3;
  large.beta = 0.5;
  const auto setup = validators::check_theorem(pl, problem, 1, measured, large);
  CHECK(setup.gamma == 3);
  CHECK(setup.check.admissible == theory::Verdict::fails);

  // compressed-gd-contraction needs δ, which neither the problem nor the measurement gives.
  const auto& contraction =
      *theory::select_statement("compressed-gd-contraction", theory::Regime::pl, true).theorem;
  CHECK_THROWS_WITH(validators::check_theorem(contraction, problem, 1, measured, {}),
                    Contains("delta") || Contains("δ"));
  validators::TheoremCheckOptions with_delta;
  with_delta.delta = 0.2;  // top-4 of 20 coordinates: δ = k/d
  CHECK(validators::check_theorem(contraction, problem, 1, measured, with_delta).check.admissible ==
        theory::Verdict::holds);
}
