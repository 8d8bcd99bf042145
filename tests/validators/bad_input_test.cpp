// Bad input of a validation, and resource limits: each is one error naming where the value came
// from (the scenario file and line, a --set, the measurement, a seed file), never a check flag
// nobody gave, a NaN with no file, or an allocation that cannot fit.

#include <catch2/catch.hpp>
#include <climits>
#include <string>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "io/scenario_file.hpp"
#include "theory/catalog.hpp"
#include "validators/constant_domains.hpp"
#include "validators/not_admissible.hpp"
#include "validators/resource_limits.hpp"
#include "validators/scenario.hpp"
#include "validators/seed_store.hpp"

namespace bio = biasbound::io;
namespace bv = biasbound::validators;
using biasbound::testing::error_of;
using biasbound::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const std::string kMinimal = R"(
theorem = "compressed-gd-contraction"
[problem]
spec = "quadratic:d=10"
)";

}  // namespace

TEST_CASE("a reused seed file holding NaN is an error naming the file, line and column",
          "[validators][bad-input]") {
  TempDir dir;
  const bv::SeedStore store(dir.path());
  biasbound::methods::SeedTrace trace;
  trace.seed = 3;
  trace.f = {1.0, 0.5, 0.25};
  trace.grad_norm2 = {2.0, 1.0, 0.5};
  store.save(trace);
  REQUIRE(store.load(3, 2));
  dir.write("seed-3.csv",
            "iter,f,grad_norm2,f_virtual,v_norm2\n0,1,2,,\n1,nan,1,,\n2,0.25,0.5,,\n");
  CHECK_THAT(error_of([&] { store.load(3, 2); }), Contains(store.path(3).string() + ":3") &&
                                                      Contains("f = 'nan'") &&
                                                      Contains("delete the file"));
  dir.write("seed-3.csv", "iter,f,grad_norm2,f_virtual,v_norm2\n0,1,2,,\n1,0.5,inf,,\n2,0,0,,\n");
  CHECK_THAT(error_of([&] { store.load(3, 2); }), Contains("grad_norm2 = 'inf'"));
}

TEST_CASE("a seed file keeps the cumulative bits; one written without them still loads",
          "[validators][bad-input]") {
  TempDir dir;
  const bv::SeedStore store(dir.path());
  biasbound::methods::SeedTrace trace;
  trace.seed = 4;
  trace.f = {1.0, 0.5, 0.25};
  trace.grad_norm2 = {2.0, 1.0, 0.5};
  trace.bits_up = {0, 96, 192};
  trace.bits_down = {0, 640, 1280};
  store.save(trace);
  const auto loaded = store.load(4, 2);
  REQUIRE(loaded);
  CHECK(loaded->bits_up == trace.bits_up);
  CHECK(loaded->bits_down == trace.bits_down);
  // A seed file of an earlier version: the same values, no bits (empty, not zeros).
  dir.write("seed-4.csv",
            "iter,f,grad_norm2,f_virtual,v_norm2\n0,1,2,,\n1,0.5,1,,\n2,0.25,0.5,,\n");
  const auto old = store.load(4, 2);
  REQUIRE(old);
  CHECK(old->f == trace.f);
  CHECK(old->bits_up.empty());
  // Bits on some rows only: the file was damaged.
  dir.write("seed-4.csv",
            "iter,f,grad_norm2,f_virtual,v_norm2,bits_up,bits_down\n0,1,2,,,0,0\n1,0.5,1,,,,\n"
            "2,0.25,0.5,,,192,1280\n");
  CHECK_THAT(error_of([&] { store.load(4, 2); }), Contains("2 of 3 rows hold bits_up"));
}

TEST_CASE("the advice for failing conditions fits how the step was chosen",
          "[validators][bad-input]") {
  const auto number = bv::not_admissible_reason("momentum-pl", "0.5", 0.5, {"step size"});
  CHECK_THAT(number, Contains("γ = 0.5") && Contains("set gamma = \"best\""));
  const auto best = bv::not_admissible_reason("momentum-pl", "best", 0.01, {"step size"});
  CHECK_THAT(best, Contains("even at γ = 0.01") && Contains("best γ") &&
                       Contains("step size not certified"));
  CHECK_FALSE(best.find("gamma=best") != std::string::npos);
  CHECK_FALSE(best.find("\"best\" or") != std::string::npos);
  CHECK_THAT(bv::not_admissible_reason("momentum-pl", "max", 0.01, {}),
             Contains("largest admissible γ"));
}

TEST_CASE("a derived constant outside its domain names where it came from",
          "[validators][bad-input]") {
  const auto s = bio::parse_scenario(kMinimal, "s.toml");
  const auto selection = biasbound::theory::select_statement("compressed-gd-contraction",
                                                             biasbound::theory::Regime::pl, true);
  bv::ProblemConstants problem;
  problem.L = {1, "analytic"};
  problem.mu = bv::Sourced{0.1, "analytic"};
  problem.F0 = {2, "f(x0) − f*"};
  bv::EstimatorConstants estimator;
  estimator.delta = bv::Sourced{-43, "1 − m (the bias slope of exact + C)"};
  const auto message = error_of(
      [&] { bv::check_constant_domains(s, selection.theorem->info(), problem, estimator); });
  CHECK_THAT(message, Contains("the compressor's delta (1 − m (the bias slope of exact + C)) = "
                               "-43 is impossible"));
  CHECK_FALSE(message.find("--delta") != std::string::npos);
  // μ > L names the claim and the problem, not --mu and --L.
  const auto pl = biasbound::theory::select_statement("biased-sgd-pl", std::nullopt, true);
  const auto mu_claim = bio::parse_scenario(kMinimal, "s.toml", {"mu=5"});
  const auto mu_message = error_of(
      [&] { bv::check_constant_domains(mu_claim, pl.theorem->info(), problem, estimator); });
  CHECK_THAT(mu_message, Contains("mu = 5 claimed in s.toml or --set") &&
                             Contains("exceeds the problem's L = 1 (analytic)"));
  CHECK_FALSE(mu_message.find("--mu") != std::string::npos);
  // A claim replaces the measured value (and was checked when the scenario was read).
  const auto claimed = bio::parse_scenario(kMinimal, "s.toml", {"delta=0.5"});
  CHECK_NOTHROW(bv::check_constant_domains(claimed, selection.theorem->info(), problem, estimator));
}

TEST_CASE("a validation whose traces cannot fit in memory is refused naming its keys",
          "[validators][bad-input]") {
  auto s = bio::parse_scenario(kMinimal, "big.toml", {"iterations=2147483647", "seeds=100000"});
  CHECK_THAT(error_of([&] { bv::check_trace_memory(s, s.seeds, false); }),
             Contains("big.toml") && Contains("method.iterations = 2147483647") &&
                 Contains("100000 seed(s)") && Contains("needs at least"));
  CHECK_NOTHROW(bv::check_trace_memory(bio::parse_scenario(kMinimal, "s.toml"), 8, true));
  s = bio::parse_scenario(kMinimal, "big.toml", {"points=2000000000"});
  CHECK_THAT(error_of([&] { bv::check_measure_memory(s, 1000000); }),
             Contains("measure.points = 2000000000 with d = 1000000"));
}
