// Sweep files (io/sweep_file.hpp): the grid's cells in the order the keys are written, their
// folder names, and one clear error per bad file, raised before anything runs.

#include "io/sweep_file.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "io/scenario_file.hpp"
#include "io/scenario_method.hpp"

namespace bio = biasbound::io;
using biasbound::testing::error_of;
using Catch::Matchers::Contains;

namespace {

const std::string kBase = R"(
[problem]
spec = "logistic:data=synthetic,n=400,d=10"
workers = 2
[estimator]
spec = "minibatch:b=8+topk:frac=0.5"
[method]
gamma = 0.5
iterations = 20
seeds = 2
)";

std::vector<std::string> folders(const bio::SweepFile& sweep) {
  std::vector<std::string> names;
  for (const auto& cell : sweep.cells) names.push_back(cell.folder);
  return names;
}

}  // namespace

TEST_CASE("a sweep's cells follow the grid keys as written, the last fastest", "[io][sweep]") {
  // gamma is written before beta: the order is the file's, not the alphabet's.
  const auto sweep =
      bio::parse_sweep(kBase + "[grid]\ngamma = [0.5, 1e-3]\nbeta = [1, 0.25]\n", "s.toml");
  REQUIRE(sweep.grid.size() == 2);
  CHECK(sweep.grid[0].key == "gamma");
  CHECK(sweep.grid[1].key == "beta");
  CHECK(sweep.grid[0].values == std::vector<std::string>{"0.5", "0.001"});
  CHECK(folders(sweep) ==
        std::vector<std::string>{"000-gamma=0.5-beta=1", "001-gamma=0.5-beta=0.25",
                                 "002-gamma=0.001-beta=1", "003-gamma=0.001-beta=0.25"});
  CHECK(sweep.cells[1].scenario.gamma == "0.5");
  CHECK(sweep.cells[1].scenario.beta == 0.25);
  CHECK(sweep.cells[2].scenario.gamma == "0.001");
  CHECK(sweep.cells[3].index == 3);
  CHECK(bio::cell_label(sweep.grid, sweep.cells[3]) == "gamma=0.001 beta=0.25");
  CHECK(sweep.report_at.empty());
  CHECK(sweep.base.theorem.empty());  // a sweep needs no theorem
}

TEST_CASE("grid keys may be flat or dotted, and values with spec characters make safe names",
          "[io][sweep]") {
  const auto sweep = bio::parse_sweep(kBase + R"([grid]
"estimator.spec" = ["minibatch:b=8+topk:frac=0.5", "topk:k=2"]
method.beta = [0.5]
[sweep]
report_at = [10, 20]
)",
                                      "s.toml");
  CHECK(sweep.grid[0].key == "estimator");
  CHECK(sweep.grid[1].key == "beta");
  CHECK(folders(sweep) ==
        std::vector<std::string>{"000-estimator=minibatch_b=8+topk_frac=0.5-beta=0.5",
                                 "001-estimator=topk_k=2-beta=0.5"});
  CHECK(sweep.cells[1].scenario.estimator == "topk:k=2");
  CHECK(sweep.report_at == std::vector<long long>{10, 20});
  CHECK(bio::cell_folder_name(7, 4, sweep.grid, {"a/b c", "1"}) == "0007-estimator=a_b_c-beta=1");
}

TEST_CASE("every grid key sets its scenario key", "[io][sweep]") {
  const auto sweep = bio::parse_sweep(kBase + R"([grid]
problem = ["quadratic:d=3"]
workers = [3]
estimator = ["topk:k=1"]
gamma = [0.25]
beta = [0.75]
init = ["first"]
iterations = [7]
)",
                                      "all.toml");
  REQUIRE(sweep.cells.size() == 1);
  const auto& s = sweep.cells[0].scenario;
  CHECK(s.problem == "quadratic:d=3");
  CHECK(s.workers == 3);
  CHECK(s.estimator == "topk:k=1");
  CHECK(s.gamma == "0.25");
  CHECK(s.beta == 0.75);
  CHECK(s.init == "first");
  CHECK(s.iterations == 7);
  CHECK(sweep.base.iterations == 20);  // the base keeps the file's values

  // The keys of the other methods, with a theorem whose method reads them.
  const auto delayed = bio::parse_sweep("theorem = \"block-coordinate-pl\"" + kBase + R"([grid]
compressor = ["randk:k=1"]
tau = [2]
staleness = ["random"]
blocks = [2]
)",
                                        "bcd.toml");
  const auto mdsgd =
      bio::parse_sweep("theorem = \"mdsgd-nonconvex\"" + kBase + "[grid]\nbeta_tilde = [0.5]\n",
                       "mdsgd.toml", {"compressor=topk:k=1"});
  const auto iag = bio::parse_sweep(
      "theorem = \"iag-pl\"" + kBase + "[grid]\norder = [\"random\"]\n", "iag.toml");
  CHECK(sweep.grid.size() + delayed.grid.size() + mdsgd.grid.size() + iag.grid.size() ==
        bio::grid_keys().size());
  CHECK(iag.cells.at(0).scenario.order == "random");
  const auto& d = delayed.cells.at(0).scenario;
  CHECK(d.compressor == "randk:k=1");
  CHECK(d.tau == 2);
  CHECK(d.staleness == "random");
  CHECK(d.blocks == 2);
  CHECK(mdsgd.cells.at(0).scenario.beta_tilde == 0.5);
}

TEST_CASE("a sweep with a theorem varies only the keys its method reads", "[io][sweep]") {
  const auto theorem = std::string("theorem = \"delayed-compressed-gd-pl\"\n");
  CHECK(bio::parse_sweep(theorem + kBase + "[grid]\ntau = [0, 2]\ncompressor = [\"identity\"]\n",
                         "d.toml")
            .cells.size() == 2);
  CHECK_THAT(
      error_of([&] { bio::parse_sweep(theorem + kBase + "[grid]\nbeta = [0.5, 1]\n", "d.toml"); }),
      Contains("d.toml:13: grid.beta") && Contains("delayed-gd does not read beta"));
  CHECK_THAT(error_of([&] {
               bio::parse_sweep(theorem + kBase + "[grid]\nestimator = [\"exact\"]\n", "d.toml");
             }),
             Contains("delayed-gd does not read estimator"));
  // Without a theorem a sweep runs server momentum, which has no compressor.
  CHECK_THAT(
      error_of([] { bio::parse_sweep(kBase + "[grid]\ncompressor = [\"topk:k=1\"]\n", "m.toml"); }),
      Contains("m.toml:12: grid.compressor") &&
          Contains("server-momentum does not read compressor") &&
          Contains("theorem = \"delayed-compressed-gd-pl\""));
}

TEST_CASE("the --set overrides apply to every cell but may not change a grid key", "[io][sweep]") {
  const auto sweep =
      bio::parse_sweep(kBase + "[grid]\nbeta = [0.5, 1]\n", "s.toml", {"seeds=3", "iterations=40"});
  for (const auto& cell : sweep.cells) {
    CHECK(cell.scenario.seeds == 3);
    CHECK(cell.scenario.iterations == 40);
  }
  CHECK_THAT(error_of([] {
               bio::parse_sweep(kBase + "[grid]\nbeta = [0.5, 1]\n", "s.toml", {"beta=0.1"});
             }),
             Contains("--set beta=0.1: beta is a [grid] key of s.toml"));
}

TEST_CASE("a scenario read for a run needs no theorem; one for validate still does",
          "[io][sweep]") {
  CHECK(bio::parse_scenario(kBase, "s.toml", {}, bio::ScenarioUse::kRun).theorem.empty());
  CHECK_THAT(error_of([] { bio::parse_scenario(kBase, "s.toml"); }),
             Contains("s.toml: missing key 'theorem'"));
}

TEST_CASE("each bad sweep file is one error naming the file, line and key", "[io][sweep]") {
  struct Case {
    std::string text;
    std::vector<std::string> parts;
  };
  const std::vector<Case> cases = {
      {kBase + "[grid]\nfoo = [1]\n", {"s.toml:12: grid.foo", "unknown key 'foo'", "gamma, beta"}},
      {kBase + "[grid]\npoints = [1]\n", {"s.toml:12: grid.points", "does not change a run"}},
      {kBase + "[grid]\ngamma = []\n", {"s.toml:12: grid.gamma", "a non-empty array", "empty"}},
      {kBase + "[grid]\n", {"s.toml", "[grid] is empty"}},
      {kBase, {"s.toml: missing [grid]"}},
      {kBase + "[grid]\ngamma = [0.5, \"best\"]\n",
       {"s.toml:12: grid.gamma", "\"best\"", "need a theorem"}},
      {kBase + "[grid]\ngamma = 0.5\n", {"s.toml:12: grid.gamma", "non-empty array", "got 0.5"}},
      {kBase + "[grid]\nbeta = [0.5, 2]\n",
       {"s.toml:12: grid.beta: expected a number in (0, 1], got 2"}},
      {kBase + "[grid]\nbeta = [0.5, 0.5]\n", {"s.toml:12: grid.beta", "appears twice"}},
      {kBase + "[grid]\ngamma = [1]\n\"method.gamma\" = [2]\n",
       {"s.toml:13: grid.method.gamma", "gamma is already in [grid]"}},
      {kBase + "[grid]\nbeta = [0.5\n", {"s.toml:", "not valid TOML"}},
      {kBase + "[grid]\nbeta = [1]\n[sweep]\nreport_at = [1.5]\n",
       {"s.toml:14: sweep.report_at", "whole numbers >= 0", "got 1.5"}},
      {kBase + "[grid]\nbeta = [1]\n[sweep]\nreport_at = [30]\n",
       {"s.toml:14: sweep.report_at", "past the last one, T = 20"}},
      {kBase + "[grid]\nbeta = [1]\n[sweep]\nevery = 3\n",
       {"s.toml:14: sweep.every", "unknown key"}},
      {kBase + "[grid]\nbeta = [1]\n[estimator]\n", {"s.toml"}},
      {kBase + "[grid]\nbeta = [1]\n[methods]\n", {"s.toml:13: unknown table [methods]"}},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto message = error_of([&] { bio::parse_sweep(c.text, "s.toml"); });
    for (const auto& part : c.parts) CHECK_THAT(message, Contains(part));
    CHECK(message.find('\n') == std::string::npos);
  }
  // T = 200 is evaluated every 4 iterations: 7 has no accuracy to report.
  CHECK_THAT(error_of([] {
               bio::parse_sweep(kBase + "[grid]\nbeta = [1]\n[sweep]\nreport_at = [8, 7]\n",
                                "s.toml", {"iterations=200"});
             }),
             Contains("s.toml:14: sweep.report_at: iteration 7 has no test accuracy"));
}

TEST_CASE("a sweep without a numeric step in every cell is refused", "[io][sweep]") {
  const std::string best = R"(
[problem]
spec = "quadratic:d=5"
[method]
gamma = "best"
[grid]
beta = [0.5, 1]
)";
  CHECK_THAT(
      error_of([&] { bio::parse_sweep(best, "b.toml"); }),
      Contains("b.toml:5: method.gamma") && Contains("not \"best\" (which validate chooses)"));
  CHECK_THAT(error_of([&] { bio::parse_sweep(best, "b.toml", {"gamma=max"}); }),
             Contains("--set gamma=max") && Contains("not \"max\" (which validate chooses)"));
  CHECK(bio::parse_sweep(best, "b.toml", {"gamma=0.1"}).cells.size() == 2);
  CHECK_THAT(error_of([] {
               bio::parse_sweep("[problem]\nspec = \"quadratic:d=5\"\n[grid]\nbeta = [1]\n",
                                "n.toml");
             }),
             Contains("n.toml: method.gamma (not given, so \"best\")"));
  CHECK_THAT(
      error_of([] { bio::parse_sweep(kBase + "[grid]\nbeta = [1]\n", "c.toml", {"tau=2"}); }),
      Contains("c.toml: method.tau") && Contains("server momentum"));
}

TEST_CASE("a sweep's step may be a schedule: every cell runs its stages", "[io][sweep][schedule]") {
  const std::string staged = R"(
[problem]
spec = "quadratic:d=5"
[method]
gamma = [[4, 0.5], [6, 0.1]]
iterations = 10
[grid]
beta = [0.5, 1]
)";
  const auto sweep = bio::parse_sweep(staged, "s.toml");
  REQUIRE(sweep.cells.size() == 2);
  for (const auto& cell : sweep.cells) {
    auto config = bio::scenario_run_config(cell.scenario);
    CHECK(config.gamma == biasbound::methods::StepSize::piecewise({{4, 0.5}, {6, 0.1}}));
    config.out = "unused";
    CHECK_NOTHROW(config.check());
  }
  // The stages must add up to every cell's iterations, as for run --schedule.
  CHECK_THAT(error_of([&] { bio::parse_sweep(staged, "s.toml", {"iterations=12"}); }),
             Contains("s.toml:5: method.gamma: the schedule runs Σ T_s = 10 iterations, but cell "
                      "000-beta=0.5 runs iterations = 12"));
}
