// The shipped sweep files (scenarios/paper/, scenarios/sweeps/) load, name problems and
// estimators that build, and the quick version of the seed paper's experiment reproduces its
// point: at the large step γ = 0.5, server momentum (β = 0.1) trains the network where biased
// GD (β = 1) lags behind.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "estimators/pipeline.hpp"
#include "io/scenario_file.hpp"
#include "io/sweep.hpp"
#include "io/sweep_file.hpp"
#include "problems/factory.hpp"

namespace bio = biasbound::io;
using biasbound::testing::TempDir;

namespace {

const std::filesystem::path kScenarios = std::filesystem::path(BIASBOUND_SOURCE_DIR) / "scenarios";

bool has_grid(const std::filesystem::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("[grid]", 0) == 0) return true;
  return false;
}

// The files of scenarios/paper/ and scenarios/sweeps/ with (sweeps) or without a [grid] (the
// validation scenarios beside them, e.g. paper/theory-check.toml).
std::vector<std::filesystem::path> shipped_files(bool sweeps) {
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"paper", "sweeps"})
    for (const auto& entry : std::filesystem::directory_iterator(kScenarios / folder))
      if (entry.path().extension() == ".toml" && has_grid(entry.path()) == sweeps)
        files.push_back(entry.path());
  return files;
}

std::vector<std::filesystem::path> shipped_sweeps() {
  return shipped_files(true);
}

// table.csv's rows as cells split at commas (no field of these tables holds a comma).
std::vector<std::vector<std::string>> read_table(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("every shipped sweep file loads and its problems and estimators build",
          "[sweep][paper]") {
  const auto files = shipped_sweeps();
  REQUIRE(files.size() >= 4);
  std::set<std::pair<std::string, int>> built;
  for (const auto& file : files) {
    INFO(file.string());
    const auto sweep = bio::load_sweep(file);
    REQUIRE_FALSE(sweep.cells.empty());
    for (const auto& cell : sweep.cells) {
      const auto& s = cell.scenario;
      if (!built.emplace(s.problem, s.workers).second) continue;  // each problem once
      const auto problem = biasbound::problems::make_problem(s.problem, s.workers);
      for (const auto& other : sweep.cells)
        CHECK_NOTHROW(biasbound::estimators::Pipeline::parse(other.scenario.estimator, *problem));
    }
  }
}

TEST_CASE("the validation scenarios beside the sweeps load, and their problems build",
          "[sweep][paper]") {
  const auto files = shipped_files(false);
  REQUIRE(files.size() >= 2);  // paper/theory-check.toml and its quick version
  for (const auto& file : files) {
    INFO(file.string());
    const auto s = bio::load_scenario(file);
    CHECK_FALSE(s.theorem.empty());
    CHECK_FALSE(s.violated_by.empty());
    if (file.stem().string().ends_with("-quick"))
      CHECK_NOTHROW(biasbound::problems::make_problem(s.problem, s.workers));
  }
}

TEST_CASE("the quick paper sweep: momentum trains the network at a step where biased GD lags",
          "[sweep][paper][mlp]") {
  TempDir dir;
  const auto sweep = bio::load_sweep(kScenarios / "paper" / "mlp-fmnist-quick.toml");
  REQUIRE(sweep.cells.size() == 2);
  const auto outcome = bio::run_sweep(sweep, {.out = dir.path(), .progress = false});
  CHECK(outcome.computed == 2);
  CHECK(outcome.diverged == 0);
  const auto table = read_table(dir / "table.csv");
  REQUIRE(table.size() == 3);  // header, β = 0.1, β = 1
  REQUIRE(table[0][0] == "beta");
  REQUIRE(table[0][1] == "test_acc_mean");
  CHECK(table[1][0] == "0.1");
  CHECK(table[2][0] == "1");
  CHECK(table[1].back() == "0/2");
  CHECK(table[2].back() == "0/2");
  const double momentum = std::stod(table[1][1]), gd = std::stod(table[2][1]);
  INFO("final test accuracy: beta = 0.1 " << momentum << ", beta = 1 " << gd);
  CHECK(momentum > 0.5);  // ten classes: chance is 0.1
  CHECK(momentum > gd);
}
