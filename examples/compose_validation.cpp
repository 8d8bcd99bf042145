// A validation composed link by link from the library's typed results, the way validate() runs
// it: find x*, measure the estimator's constants, compute the problem's, check the theorem at the
// step it suggests, run the method, compare the runs with the bound. Then the same scenario through
// validate() in memory: both routes must reach the same step and the same verdict.
//
// The scenario is scenarios/momentum-pl.toml: server momentum (β = 0.5) on top-k compressed
// exact gradients of a strongly convex quadratic; momentum-pl bounds the Lyapunov function of
// the virtual iterate, so the run records the virtual sequence.
//
//   compose_validation      (writes nothing)

#include <biasbound/biasbound.hpp>
#include <iostream>
#include <string>

namespace bb = biasbound;

namespace {

constexpr const char* kProblem = "quadratic:d=50,L=1,mu=0.05";
constexpr const char* kEstimator = "topk:k=5";
constexpr long long kT = 1500;
constexpr double kBeta = 0.5;

struct Outcome {
  double gamma;
  std::string verdict;
};

Outcome composed(const bb::problems::Problem& f, const bb::theory::Theorem& theorem) {
  // 1. The minimiser x* and f*, found once (closed form here; L-BFGS where there is none) and
  //    shared by the next two links, as validate() shares it.
  const bb::validators::Optimum optimum = bb::validators::find_optimum(f);

  // 2. The estimator's bias and variance constants, on 8 points × 20 draws (validate's probes:
  //    the method's trajectory, a ball of radius ‖x* − x₀‖ around x₀, a neighbourhood of x*).
  bb::methods::MeasureConfig m;
  m.points = 8;
  m.samples = 20;
  m.progress = false;
  m.x_star = optimum.x_star;
  const auto pipeline = bb::estimators::Pipeline::parse(kEstimator, f);
  const bb::methods::MeasureOutcome measured = bb::methods::measure(f, pipeline, m);
  std::cout << "measured: " << measured.summary.brief_report() << '\n';

  // 3. The problem's constants around that x*: L, μ, f*, F₀ (analytic for the quadratic).
  const auto problem = bb::validators::problem_constants(f, optimum, /*need_mu=*/true, 100);

  // 4. The theorem at the best step for T, as the double the run will use.
  const auto theory = bb::validators::check_theorem(theorem, problem, f.workers(), measured,
                                                    {.beta = kBeta, .T = kT});
  std::cout << "check: γ = " << theory.gamma << " (" << theory.gamma_source << ")\n";

  // 5. One run (the method is deterministic: exact gradients, top-k), with z_k recorded.
  bb::methods::MethodSpec spec;
  spec.estimator = kEstimator;
  spec.gamma = theory.gamma;
  spec.beta = kBeta;
  const bb::methods::Traces runs = bb::methods::run(f, spec, {.iterations = kT, .seeds = 1},
                                                    bb::methods::callbacks::VirtualSequence{});
  std::cout << "runs: " << runs.brief_report() << '\n';

  // 6. Runs against the bound.
  const auto comparison = bb::validators::compare(
      theory.check, runs, {.f_star = problem.f_star.value, .deterministic = true});
  std::cout << "compare: " << comparison.brief_report() << '\n';
  return {theory.gamma, std::string(bb::validators::to_string(comparison.outcome))};
}

Outcome validated(const bb::problems::Problem& f) {
  bb::validators::Scenario s;
  s.theorem = "momentum-pl";
  s.problem = kProblem;
  s.workers = f.workers();
  s.estimator = kEstimator;
  s.beta = kBeta;
  s.iterations = kT;
  s.points = 8;
  s.samples = 20;
  bb::validators::ValidateOptions options;
  options.progress = false;
  const auto result = bb::validators::validate(f, s, options);
  std::cout << "validate: " << result.brief_report() << '\n';
  return {result.gamma, result.verdict};
}

}  // namespace

int main() {
  try {
    const auto f = bb::problems::make_problem(kProblem, /*workers=*/1);
    const auto& theorem =
        *bb::theory::select_statement("momentum-pl", bb::theory::Regime::pl, true).theorem;
    const Outcome a = composed(*f, theorem);
    const Outcome b = validated(*f);
    const bool same = a.gamma == b.gamma && a.verdict == b.verdict;
    std::cout << (same ? "the composed chain and validate() agree: " : "they DISAGREE: ")
              << a.verdict << " at γ = " << a.gamma << '\n';
    return same && a.verdict == "holds" ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "compose_validation: " << e.what() << '\n';
    return 2;
  }
}
