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

TEST_CASE("a validation killed mid-run resumes: finished seeds are kept and results are identical",
          "[cli][validate]") {
  TempDir dir;
  // One thread: seeds finish one after another, so a kill lands between them.
  const auto scenario = dir.write("slow.toml", R"(
theorem = "biased-sgd-nonconvex"
[problem]
spec = "logistic:data=synthetic,n=4000,d=50"
workers = 2
[estimator]
spec = "minibatch:b=4+topk:k=10"
[method]
gamma = "best"
iterations = 2000
seeds = 10
[measure]
points = 4
samples = 20
[validate]
threads = 1
)");
  const auto killed = dir / "killed";
  const auto pid_file = dir / "pid";
  const std::string start =
      "( " + shell_quote(BIASBOUND_EXE) + " validate " + shell_quote(scenario.string()) +
      " --out " + shell_quote(killed.string()) +
      " --quiet --no-plots >/dev/null 2>&1 & echo $! > " + shell_quote(pid_file.string()) + " )";
  REQUIRE(std::system(start.c_str()) == 0);
  // Wait for the first finished seed, then kill -9 (no chance to clean up).
  const auto seeds_dir = killed / "seeds";
  auto finished = [&] {
    int n = 0;
    if (fs::exists(seeds_dir))
      for (const auto& e : fs::directory_iterator(seeds_dir)) n += e.path().extension() == ".csv";
    return n;
  };
  for (int i = 0; i < 1200 && finished() == 0; ++i) usleep(50000);
  const auto pid = read_text(pid_file);
  REQUIRE(std::system(("kill -9 " + pid + " 2>/dev/null; true").c_str()) == 0);
  usleep(200000);
  const int kept = finished();
  REQUIRE(kept >= 1);
  REQUIRE_FALSE(fs::exists(killed / "validate.json"));  // it really was interrupted
  const auto seed_file = seeds_dir / "seed-1.csv";
  const auto written = fs::last_write_time(seed_file);

  const auto resumed = run_biasbound(
      {"validate", scenario.string(), "--out", killed.string(), "--quiet", "--no-plots", "--json"});
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  const auto json = nlohmann::json::parse(resumed.out);
  CHECK(json["runs"]["reused"] == kept);
  CHECK(json["runs"]["computed"] == 10 - kept);
  CHECK(json["runs"]["constants_reused"] == true);
  CHECK(fs::last_write_time(seed_file) == written);

  // Nothing lost: the same numbers as a run that was never interrupted.
  const auto clean = run_biasbound(
      {"validate", scenario.string(), "--out", (dir / "clean").string(), "--quiet", "--no-plots"});
  REQUIRE(clean.exit_code == 0);
  CHECK(read_text(killed / "trace.csv") == read_text(dir / "clean" / "trace.csv"));
  CHECK(read_text(killed / "bound.csv") == read_text(dir / "clean" / "bound.csv"));
}

TEST_CASE("the demo's own path: scenarios/demo.toml with fewer seeds and iterations",
          "[cli][validate][demo]") {
  TempDir dir;
  const std::string demo = std::string(BIASBOUND_SOURCE_DIR) + "/scenarios/demo.toml";
  const auto r = run_biasbound({"validate", demo, "--set", "seeds=2", "--set", "iterations=60",
                                "--set", "points=6", "--set", "samples=30", "--no-plots", "--quiet",
                                "--out", (dir / "demo").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto json = nlohmann::json::parse(read_text(dir / "demo" / "validate.json"));
  CHECK(json["conditions_admissible"] == true);
  CHECK(json["method"]["gamma"].get<double>() == json["theory"]["gamma_best"].get<double>());
  CHECK_THAT(r.out, Contains("conditions  admissible"));
}

TEST_CASE("check exits 4 when the step is not admissible, 0 when it is", "[cli][check]") {
  const std::vector<std::string> base = {"check",    "--theorem", "unbiased-compressed-gd",
                                         "--regime", "nonconvex", "--alpha",
                                         "1",        "--L",       "1"};
  auto at = [&](const std::string& gamma) {
    auto args = base;
    args.insert(args.end(), {"--gamma", gamma});
    return run_biasbound(args);
  };
  const auto pole = at("2");
  CHECK(pole.exit_code == 4);
  CHECK_THAT(pole.out, Contains("NOT ADMISSIBLE"));
  CHECK(pole.err.find("internal error") == std::string::npos);
  CHECK(at("1").exit_code == 0);
  CHECK(at("3/2").exit_code == 0);  // a ratio p/q is read exactly
}

TEST_CASE("a vacuous bound is named in validate's summary and never gives a best step",
          "[cli][validate][vacuous]") {
  TempDir dir;
  const auto scenario = dir.write("topk.toml", kScenario);
  // A claimed bias floor ζ² = 100 puts the residual far above F₀ for every step size.
  const auto r = run_biasbound({"validate", scenario.string(), "--set", "zeta2=100", "--no-plots",
                                "--quiet", "--out", (dir / "out").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("VACUOUS") && Contains("no step size makes this theorem useful"));
  const auto json = nlohmann::json::parse(read_text(dir / "out" / "validate.json"));
  CHECK(json["theory"]["vacuous"].is_string());
  CHECK(json["theory"]["gamma_best"].is_null());
  CHECK(json["method"]["gamma"].get<double>() == json["theory"]["gamma_max"].get<double>());
  CHECK_THAT(json["notes"].dump(), Contains("largest admissible"));
}
