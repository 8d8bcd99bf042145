// The folder of a run (io/run_folder.hpp): what it leaves on disk when the run diverges.

#include "io/run_folder.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "../test_support.hpp"

using namespace biasbound;

TEST_CASE("a diverging run stops at the first non-finite iterate and keeps its trace",
          "[momentum][run]") {
  const testing::TempDir dir;
  const auto out = dir / "out";
  io::RunConfig c;
  c.problem = "quadratic:d=5,L=1,mu=0.5";
  c.estimator = "exact";
  c.workers = 2;
  c.gamma = 100;  // |1 − γλ| ≥ 49 per step: overflows after ~200 steps
  c.beta = 1;
  c.iterations = 1000;
  c.out = out;
  c.progress = false;
  const auto outcome = io::run_method(c);
  REQUIRE(outcome.divergence);
  CHECK_THAT(*outcome.divergence, Catch::Matchers::Contains("diverged at iteration"));
  CHECK(outcome.record["status"] == "diverged");
  const long long kept = outcome.record["results"][0]["iterations"];
  CHECK(kept > 10);
  CHECK(kept < 1000);
  std::ifstream trace(out / "trace.csv");
  int lines = 0;
  for (std::string line; std::getline(trace, line);) ++lines;
  CHECK(lines == 1 + kept + 1);  // header, iterations 0..kept
}

TEST_CASE("on_step counts the steps over all seeds, once per iterate", "[momentum][run]") {
  const testing::TempDir dir;
  io::RunConfig c;
  c.problem = "quadratic:d=5,L=1,mu=0.5";
  c.estimator = "exact";
  c.workers = 2;
  c.gamma = 0.5;
  c.iterations = 7;
  c.seeds = 3;
  c.out = dir / "out";
  c.progress = false;
  std::vector<long long> steps;
  c.on_step = [&](long long done) { steps.push_back(done); };
  io::run_method(c);
  // Each seed visits its iterates k = 0..T: 3 × 8 calls, from 0 to 3·7 without going back.
  REQUIRE(steps.size() == 3 * 8);
  CHECK(steps.front() == 0);
  CHECK(steps.back() == 21);
  CHECK(std::is_sorted(steps.begin(), steps.end()));
}
