// End-to-end tests of `biasbound validate`.

#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

using namespace biasbound::cli_test;
using Catch::Matchers::Contains;

namespace {

const std::string kScenario = R"(
title = "top-k gradient descent"
theorem = "biased-sgd-pl"
[problem]
spec = "quadratic:d=50,L=1,mu=0.05"
[estimator]
spec = "topk:k=5"
[method]
gamma = "best"
iterations = 80
[measure]
points = 4
samples = 20
)";

}  // namespace

TEST_CASE("validate prints the verdict and writes validate.json, trace.csv and bound.csv",
          "[cli][validate]") {
  TempDir dir;
  const auto scenario = dir.write("topk.toml", kScenario);
  const auto r =
      run_biasbound({"validate", scenario.string(), "--out", (dir / "out").string(), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("biased-sgd-pl") && Contains("verdict     HOLDS") &&
                        Contains("tightness") && Contains("rate fit"));
  CHECK(r.err.empty());
  const auto json = nlohmann::json::parse(read_text(dir / "out" / "validate.json"));
  CHECK(json["verdict"] == "holds");
  CHECK(json["conditions_admissible"] == true);
  CHECK(read_csv(dir / "out" / "bound.csv").rows.size() == 81);
  CHECK(read_csv(dir / "out" / "trace.csv").rows.size() == 81);
  // Figures and the report are drawn by default, and the summary ends with the report's path.
  CHECK(fs::file_size(dir / "out" / "figures" / "bound_vs_actual.svg") > 0);
  CHECK(fs::file_size(dir / "out" / "report.html") > 0);
  CHECK_THAT(r.out, Contains("report      " + (dir / "out" / "report.html").string()));
}

TEST_CASE("validate --json prints validate.json and --set claims a constant", "[cli][validate]") {
  TempDir dir;
  const auto scenario = dir.write("topk.toml", kScenario);
  const auto r =
      run_biasbound({"validate", scenario.string(), "--out", (dir / "out").string(), "--set", "m=0",
                     "--set", "iterations=600", "--json", "--quiet", "--no-plots"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  nlohmann::json json;
  REQUIRE_NOTHROW(json = nlohmann::json::parse(r.out));
  CHECK(json["verdict"] == "violated");
  CHECK(json["constants"]["m"]["value"] == 0.0);
  CHECK(json["constants"]["m"]["source"] == "claimed (scenario or --set)");
  CHECK(json["first_violation"]["iteration"].get<int>() >= 1);
  CHECK_FALSE(fs::exists(dir / "out" / "report.html"));
  CHECK_FALSE(fs::exists(dir / "out" / "figures"));
}

TEST_CASE("validate writes to results/NAME by default", "[cli][validate]") {
  TempDir dir;
  const auto scenario = dir.write("topk.toml", kScenario);
  const auto r =
      run_biasbound({"validate", scenario.string(), "--quiet", "--set", "iterations=10", "--json"});
  // The test runs in the build tree: look where the command says it wrote.
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(fs::path("results") / "topk" / "validate.json"));
  fs::remove_all(fs::path("results") / "topk");
}

TEST_CASE("validate's bad input exits 2 naming it; failing conditions exit 4", "[cli][validate]") {
  TempDir dir;
  const auto good = dir.write("s.toml", kScenario);
  auto status_and_error = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"validate"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--quiet");
    return run_biasbound(args);
  };
  const auto missing = status_and_error({(dir / "none.toml").string()});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("none.toml"));

  const auto unknown = dir.write("u.toml", kScenario + "[validate]\nstepsize = 1\n");
  const auto bad_key = status_and_error({unknown.string(), "--out", (dir / "o1").string()});
  CHECK(bad_key.exit_code == 2);
  CHECK_THAT(bad_key.err, Contains("u.toml:") && Contains("validate.stepsize"));
  CHECK_FALSE(fs::exists(dir / "o1"));

  const auto bad_set = status_and_error({good.string(), "--set", "beta=2"});
  CHECK(bad_set.exit_code == 2);
  CHECK_THAT(bad_set.err, Contains("--set beta=2"));

  const auto bad_problem = status_and_error(
      {good.string(), "--set", "problem=quadratic:d=0", "--out", (dir / "o2").string()});
  CHECK(bad_problem.exit_code == 2);
  CHECK_THAT(bad_problem.err, Contains("quadratic"));

  const auto too_big = status_and_error(
      {good.string(), "--set", "gamma=5", "--out", (dir / "o3").string(), "--json"});
  CHECK(too_big.exit_code == 4);
  const auto json = nlohmann::json::parse(too_big.out);
  CHECK(json["conditions_admissible"] == false);
  CHECK_THAT(json["reason"].get<std::string>(), Contains("gamma"));
}
