// The beta_sweep figures of `biasbound plot` on a sweep folder: drawn from sweep.csv, one
// figure per combination of the grid keys other than estimator and β, one column of panels per
// estimator, one line per β, diverged seeds counted in the legend, a corrupted sweep.csv one
// error naming it.

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "plots/plot_directory.hpp"
#include "plots/report.hpp"
#include "sweep_fixture.hpp"

namespace biasbound::plots_test {
namespace {

using cli_test::read_text;
using cli_test::TempDir;
using plots::Figure;

std::vector<std::string> figure_names(const std::vector<Figure>& figures) {
  std::vector<std::string> out;
  for (const auto& f : figures) out.push_back(f.name);
  return out;
}

/// The distinct values of one column of a figure's data file.
std::set<std::string> distinct_cells(const fs::path& csv_path, const std::string& column) {
  const auto csv = cli_test::read_csv(csv_path);
  std::set<std::string> values;
  for (const auto& row : csv.rows) values.insert(row.at(csv.column(column)));
  return values;
}

/// The grid values of `key` as sweep.json writes them (TOML numbers are reformatted).
std::vector<std::string> grid_values(const fs::path& dir, const std::string& key) {
  const auto record = cli_test::read_json(dir / "sweep.json");  // outlives the loop
  for (const auto& axis : record.at("grid"))
    if (axis.at("key").get<std::string>() == key)
      return axis.at("values").get<std::vector<std::string>>();
  FAIL("no grid key " << key);
  return {};
}

/// A copy of a shared sweep, so a test can edit it.
fs::path sweep_copy(const fs::path& dir, const fs::path& to) {
  fs::copy(dir, to, fs::copy_options::recursive);
  fs::remove_all(to / "figures");
  return to;
}

}  // namespace

TEST_CASE("a sweep folder gives one beta sweep per step, a column per estimator, a line per beta",
          "[plots][figures][sweep]") {
  TempDir tmp;
  const auto dir = sweep_copy(shared_sweep(kEstimatorGammaBeta), tmp / "sweep");
  const auto figures = plots::plot_directory(dir);
  std::vector<std::string> expected;
  for (const auto& gamma : grid_values(dir, "gamma"))
    expected.push_back("beta_sweep-gamma=" + gamma);
  REQUIRE(figure_names(figures) == expected);
  for (const auto& f : figures) {
    INFO(f.name);
    for (const auto& file : {f.csv, f.gp, f.svg, f.png}) CHECK(fs::file_size(file) > 0);
    CHECK(distinct_cells(f.csv, "estimator") ==
          std::set<std::string>{"minibatch:b=16", "minibatch:b=16+topk:frac=0.5"});
    CHECK(distinct_cells(f.csv, "beta") == std::set<std::string>{"0.1", "1"});
    CHECK(distinct_cells(f.csv, "quantity") == std::set<std::string>{"f", "test_acc"});
    const auto gp = read_text(f.gp);
    CHECK(gp.find("set multiplot layout 2,2") != std::string::npos);
    CHECK(gp.find("title \"β = 0.1\"") != std::string::npos);
    CHECK(gp.find("title \"β = 1\"") != std::string::npos);
    CHECK(gp.find("diverged") == std::string::npos);
    CHECK(f.title.find("γ = ") != std::string::npos);
  }
}

TEST_CASE("a sweep's figures are drawn from sweep.csv, not from the cells' traces",
          "[plots][figures][sweep]") {
  TempDir tmp;
  const auto dir = sweep_copy(shared_sweep(kEstimatorGammaBeta), tmp / "sweep");
  fs::remove_all(dir / "cells");
  const auto figures = plots::plot_directory(dir);
  REQUIRE(figures.size() == 2);
  // The first row of sweep.csv is the first cell's training loss at iteration 0: the first
  // row of the first figure's data, as written (both are shortest round-trip doubles).
  const auto sweep = cli_test::read_csv(dir / "sweep.csv");
  const auto figure = cli_test::read_csv(figures[0].csv);
  CHECK(figure.rows.at(0).at(figure.column("mean")) ==
        sweep.rows.at(0).at(sweep.column("train_loss_mean")));
  // Half the cells, each with a loss and an accuracy row per evaluated iteration.
  CHECK(figure.rows.size() == sweep.rows.size());
}

TEST_CASE("a sweep cell whose seeds diverged is counted in the legend", "[plots][figures][sweep]") {
  TempDir tmp;
  const auto dir = sweep_copy(shared_sweep(kDivergingStep), tmp / "sweep");
  const auto figures = plots::plot_directory(dir);
  REQUIRE(figures.size() == 2);
  const auto big = grid_values(dir, "gamma").at(1);
  const auto& diverging = figures.at(1);
  REQUIRE(diverging.name == "beta_sweep-gamma=" + big);
  const auto gp = read_text(diverging.gp);
  CHECK(gp.find("title \"β = 0.1 (2/2 seeds diverged)\"") != std::string::npos);
  CHECK(gp.find("title \"β = 1 (2/2 seeds diverged)\"") != std::string::npos);
  CHECK(distinct_cells(diverging.csv, "status") == std::set<std::string>{"diverged"});
  CHECK(diverging.caption.find("diverged") != std::string::npos);
  CHECK(read_text(figures.at(0).gp).find("diverged") == std::string::npos);
}

TEST_CASE("a sweep without beta in its grid draws a line per step and a figure per init",
          "[plots][figures][sweep]") {
  TempDir tmp;
  const auto dir = sweep_copy(shared_sweep(kNoBeta), tmp / "sweep");
  const auto figures = plots::plot_directory(dir);
  REQUIRE(figure_names(figures) ==
          std::vector<std::string>{"gamma_sweep-init=zero", "gamma_sweep-init=first"});
  const auto gammas = grid_values(dir, "gamma");
  CHECK(distinct_cells(figures[0].csv, "gamma") ==
        std::set<std::string>(gammas.begin(), gammas.end()));
  CHECK(distinct_cells(figures[0].csv, "estimator") == std::set<std::string>{"minibatch:b=16"});
  const auto gp = read_text(figures[0].gp);
  CHECK(gp.find("set multiplot layout 2,1") != std::string::npos);
  CHECK(gp.find("title \"γ = " + gammas[0] + "\"") != std::string::npos);
}

TEST_CASE("a corrupted sweep.csv is one error naming the file", "[plots][figures][sweep]") {
  TempDir tmp;
  const auto dir = sweep_copy(shared_sweep(kNoBeta), tmp / "sweep");
  const auto csv = dir / "sweep.csv";
  SECTION("a row missing its last cell") {
    const auto text = read_text(csv);
    cli_test::write_text(csv, fmt::format("{}\n", text.substr(0, text.rfind(','))));
  }
  SECTION("a cell that is not a number") {
    // The last row's training loss, a cell the figure reads: an x before its first digit.
    // fmt::format, not std::string::insert: GCC 12's -Wrestrict misfires on the latter.
    const auto text = read_text(csv);
    const auto table = cli_test::read_csv(csv);
    const auto column = table.column("train_loss_mean");
    auto at = text.rfind('\n', text.size() - 2) + 1;  // the last row
    for (std::size_t c = 0; c < column; ++c) at = text.find(',', at) + 1;
    cli_test::write_text(csv, fmt::format("{}x{}", text.substr(0, at), text.substr(at)));
  }
  SECTION("no header") {
    cli_test::write_text(csv, "");
  }
  CHECK_THROWS_AS(plots::plot_directory(dir), core::InputError);
  CHECK_THROWS_WITH(plots::plot_directory(dir), Catch::Contains(csv.string()));
  CHECK_THROWS_WITH(plots::write_report(dir), Catch::Contains(csv.string()));
  const auto r = run_biasbound({"plot", dir.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(csv.string()) != std::string::npos);
  CHECK(cli_test::lines_of(r.err).size() == 1);
}

TEST_CASE("a sweep over compressors draws suboptimality against iterations and against bits",
          "[plots][figures][sweep]") {
  TempDir tmp;
  const auto toml = tmp / "delayed.toml";
  cli_test::write_text(toml, R"(theorem = "delayed-compressed-gd-pl"
[problem]
spec = "quadratic:d=20,L=1,mu=0.1"
workers = 2
[method]
gamma = 0.2
iterations = 40
seeds = 2
[grid]
compressor = ["identity", "topk:k=2", "randk:k=5"]
tau = [0, 2]
)");
  const auto dir = tmp / "sweep";
  const auto r = run_biasbound({"sweep", toml.string(), "--out", dir.string(), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto figures = plots::plot_directory(dir);
  REQUIRE(figure_names(figures) ==
          std::vector<std::string>{"communication-tau=0", "communication-tau=2"});
  for (const auto& f : figures) {
    INFO(f.name);
    for (const auto& file : {f.csv, f.gp, f.svg, f.png}) CHECK(fs::file_size(file) > 0);
    CHECK(distinct_cells(f.csv, "line") ==
          std::set<std::string>{"identity", "topk:k=2", "randk:k=5"});
    // f* of the quadratic is known: the lines are gaps f − f*, not gradient norms.
    CHECK(f.caption.find("Suboptimality f(x_k) − f*") != std::string::npos);
    CHECK(read_text(f.gp).find("cumulative uplink bits") != std::string::npos);
    // A top-2 message is smaller than a dense one: at the same iteration it has sent fewer bits.
    const auto csv = cli_test::read_csv(f.csv);
    std::map<std::string, double> bits_at_40;
    for (const auto& row : csv.rows)
      if (row.at(csv.column("iter")) == "40")
        bits_at_40[row.at(csv.column("line"))] = std::stod(row.at(csv.column("bits_up")));
    CHECK(bits_at_40.at("topk:k=2") < bits_at_40.at("randk:k=5"));
    CHECK(bits_at_40.at("randk:k=5") < bits_at_40.at("identity"));
  }
}

}  // namespace biasbound::plots_test
