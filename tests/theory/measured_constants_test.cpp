// --constants: reading measure.json and choosing the frontier point with the smallest residual
// among admissible points with m < 1.

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/json_io.hpp"
#include "theory/check.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;
using biasbound::testing::TempDir;

// Bias: m_only 0.5, ζ²_only 0.4, frontier (0.2, 0.1) and (1.2, 0) — the last has m ≥ 1.
// Variance: M_only 3, σ²_only 2, frontier (1, 0.5).
const char* kMeasure = R"({
  "bias": {"m_only": 0.5, "zeta2_only": 0.4,
           "frontier": [{"m": 0.2, "zeta2": 0.1}, {"m": 1.2, "zeta2": 0.0}]},
  "variance": {"M_only": 3.0, "sigma2_only": 2.0, "frontier": [{"M": 1.0, "sigma2": 0.5}]},
  "hetero": {"theta2": 0.3},
  "points": 24, "samples": 200, "confidence": 0.99
})";

bool any_note_contains(const std::vector<std::string>& notes, const std::string& part) {
  for (const auto& note : notes)
    if (note.find(part) != std::string::npos) return true;
  return false;
}

CheckArgs sgd_args(const TempDir& dir, const std::string& gamma) {
  CheckArgs args;
  args.theorem = "biased-sgd-nonconvex";
  args.values = {{Symbol::L, "1"}, {Symbol::gamma, gamma}};
  args.constants_file = dir.write("measure.json", kMeasure).string();
  return args;
}

TEST_CASE("the frontier point minimising the residual among admissible points is chosen",
          "[theory][constants]") {
  TempDir dir;
  SECTION("gamma = 0.3: M = 3 is not admissible (1/(3 + 1) < 0.3)") {
    // Residual (ζ² + 0.3σ²)/(1 − m). With σ² = 0.5 (M = 1): m_only 0.15/0.5 = 0.3,
    // ζ²_only 0.4 + 0.15 = 0.55, frontier (0.1 + 0.15)/0.8 = 0.3125. With σ² = 2 (M = 0): 1.2,
    // 1.0, 0.875. Smallest: m_only with variance frontier[0], residual 0.3.
    const auto r = check(sgd_args(dir, "0.3"));
    REQUIRE(r.frontier);
    CHECK(r.frontier->bias->label == "bias.m_only");
    CHECK(r.frontier->variance->label == "variance.frontier[0]");
    CHECK(r.inputs.at(Symbol::m).value == q(1, 2));
    CHECK(r.inputs.at(Symbol::zeta2).value == 0);
    CHECK(r.inputs.at(Symbol::M).value == 1);
    CHECK(r.inputs.at(Symbol::sigma2).value == q(1, 2));
    CHECK(relative_error(r.shape->residual, Wide("0.3")) < Wide("1e-40"));
    CHECK(r.admissible == Verdict::holds);
    CHECK(r.inputs.at(Symbol::m).source.find("bias.m_only") != std::string::npos);
    CHECK(any_note_contains(r.frontier->notes, "skipped 1 bias point(s) with m ≥ 1"));
    CHECK(any_note_contains(r.frontier->notes, "24 probe points with 200 samples"));
  }
  SECTION("gamma = 0.2: M_only is admissible and removes the variance term") {
    const auto r = check(sgd_args(dir, "0.2"));
    CHECK(r.frontier->bias->label == "bias.m_only");
    CHECK(r.frontier->variance->label == "variance.M_only");
    CHECK(r.shape->residual == 0);
  }
  SECTION("no point admissible: the smallest residual, flagged") {
    // γ = 1.5 > 1/((M + 1)L) for every M ≥ 0.
    const auto r = check(sgd_args(dir, "1.5"));
    CHECK(r.frontier->admissible == Verdict::fails);
    CHECK(r.admissible == Verdict::fails);
    CHECK(any_note_contains(r.frontier->notes, "NONE is admissible"));
  }
  SECTION("flags override the file, a pair at a time") {
    auto args = sgd_args(dir, "0.3");
    args.values[Symbol::m] = "0.1";
    args.values[Symbol::zeta2] = "0.05";
    const auto r = check(args);
    CHECK_FALSE(r.frontier->bias);
    CHECK(r.inputs.at(Symbol::m).value == q(1, 10));
    CHECK(r.inputs.at(Symbol::m).source == "--m");
    CHECK(r.frontier->variance);
    args.values.erase(Symbol::zeta2);
    CHECK_THROWS_WITH(check(args), Catch::Contains("give both flags or neither"));
  }
  SECTION("mdsgd reads the aggregated variance as n·σ² per worker, M = 0 points only") {
    CheckArgs args;
    args.theorem = "mdsgd-nonconvex";
    args.values = {{Symbol::L, "1"},     {Symbol::G2, "1"},         {Symbol::n, "8"},
                   {Symbol::delta, "1"}, {Symbol::beta_tilde, "0"}, {Symbol::gamma, "0.1"}};
    args.constants_file = dir.write("measure.json", kMeasure).string();
    const auto r = check(args);
    CHECK(r.frontier->variance->label == "variance.sigma2_only");
    CHECK(r.inputs.at(Symbol::sigma2).value == 16);  // 8 · 2
    CHECK_FALSE(r.inputs.has(Symbol::M));
  }
}

TEST_CASE("malformed or impossible measure.json files are errors naming the entry",
          "[theory][constants]") {
  TempDir dir;
  auto args = sgd_args(dir, "0.1");
  const auto with_file = [&](const std::string& text) {
    args.constants_file = dir.write("bad.json", text).string();
    return args;
  };
  CHECK_THROWS_WITH(check(with_file("{not json")), Catch::Contains("not valid JSON"));
  CHECK_THROWS_WITH(check(with_file(R"({"variance": {"M_only": 1, "sigma2_only": 1}})")),
                    Catch::Contains("no \"bias\""));
  CHECK_THROWS_WITH(check(with_file(R"({"bias": {"m_only": 0.5, "zeta2_only": -1},
                          "variance": {"M_only": 1, "sigma2_only": 1}})")),
                    Catch::Contains("bias.zeta2_only"));
  CHECK_THROWS_WITH(check(with_file(R"({"bias": {"m_only": 1.5, "zeta2_only": "x"}})")),
                    Catch::Contains("bias.zeta2_only"));
  args.constants_file = (dir / "missing.json").string();
  CHECK_THROWS_WITH(check(args), Catch::Contains("cannot read"));
}

}  // namespace
}  // namespace biasbound::theory

namespace biasbound::theory {
namespace {

TEST_CASE("an unbounded m_only (null in measure.json) is skipped, not an error",
          "[theory][constants]") {
  // measure writes m_only = null when a point with zero gradient shows bias.
  TempDir dir;
  CheckArgs args;
  args.theorem = "biased-sgd-nonconvex";
  args.values = {{Symbol::L, "1"}, {Symbol::gamma, "0.1"}};
  args.constants_file = dir.write("measure.json", R"({
        "bias": {"m_only": null, "zeta2_only": 0.4, "frontier": [{"m": 0.2, "zeta2": 0.1}]},
        "variance": {"M_only": 3.0, "sigma2_only": 2.0, "frontier": []},
        "hetero": {"theta2": 0.3}, "points": 24, "samples": 200, "confidence": 0.99})")
                            .string();
  const auto result = check(args);
  REQUIRE(result.frontier);
  CHECK(result.frontier->bias->label != "bias.m_only");
}

}  // namespace
TEST_CASE("a stateful estimator measured marginally along runs is refused by --constants",
          "[theory][measured]") {
  biasbound::testing::TempDir dir;
  const auto path = dir.path() / "measure.json";
  core::Json j = {{"mode", "along-runs"},
                  {"bias", {{"m_only", 0.1}, {"zeta2_only", 0.01}}},
                  {"variance", {{"M_only", 0.0}, {"sigma2_only", 0.0}}}};
  core::write_json_file(path, j);
  CHECK_THROWS_WITH(read_measured_constants(path),
                    Catch::Matchers::Contains("conditional on the state") &&
                        Catch::Matchers::Contains(path.string()));
  j["conditional_on_state"] = true;
  core::write_json_file(path, j);
  CHECK_NOTHROW(read_measured_constants(path));
}

}  // namespace biasbound::theory
