// The figures of `biasbound plot`: each one is drawn from real fixture outputs, its files are
// non-empty, the SVG is well-formed XML, the PNG is a PNG, and the script re-runs on its own.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "fixtures.hpp"
#include "plots/gnuplot.hpp"
#include "plots/plot_directory.hpp"

namespace biasbound::plots_test {
namespace {

using cli_test::read_text;
using cli_test::TempDir;
using plots::Figure;

/// Exit status of a shell command (output discarded).
int shell(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return status == -1 ? -1 : WEXITSTATUS(status);
}

void check_figure(const Figure& f) {
  INFO(f.name);
  for (const auto& file : {f.csv, f.gp, f.svg, f.png}) {
    INFO(file.string());
    REQUIRE(fs::is_regular_file(file));
    CHECK(fs::file_size(file) > 0);
  }
  CHECK(f.title.size() > 0);
  CHECK(f.caption.size() > 0);
  REQUIRE(shell("command -v xmllint") == 0);  // Debian package libxml2-utils
  CHECK(shell("xmllint --noout " + cli_test::shell_quote(f.svg.string())) == 0);
  CHECK(read_text(f.png).substr(0, 8) == std::string("\x89PNG\r\n\x1a\n"));
  // The script is self-contained: re-run it in its folder after removing what it made.
  fs::remove(f.svg);
  fs::remove(f.png);
  CHECK(shell("cd " + cli_test::shell_quote(f.gp.parent_path().string()) + " && gnuplot " +
              cli_test::shell_quote(f.gp.filename().string())) == 0);
  CHECK(fs::file_size(f.svg) > 0);
  CHECK(fs::file_size(f.png) > 0);
}

std::vector<std::string> names(const std::vector<Figure>& figures) {
  std::vector<std::string> out;
  for (const auto& f : figures) out.push_back(f.name);
  return out;
}

}  // namespace

TEST_CASE("a stochastic validation gives the bound, tightness, frontier and region figures",
          "[plots][figures]") {
  TempDir tmp;
  const auto dir = validation(tmp / "v", "momentum-nonconvex");
  const auto figures = plots::plot_directory(dir);
  CHECK(names(figures) == std::vector<std::string>{"bound_vs_actual", "tightness", "bias_frontier",
                                                   "variance_frontier", "admissible_region"});
  for (const auto& f : figures) {
    CHECK(f.svg.parent_path() == dir / "figures");
    check_figure(f);
  }
  SECTION("the CLI lists every figure with its SVG") {
    const auto r = run_biasbound({"plot", dir.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(cli_test::lines_of(r.out).size() == figures.size());
    CHECK(cli_test::lines_containing(r.out, "bound_vs_actual.svg").size() == 1);
  }
  SECTION("the CLI prints JSON with --json") {
    const auto r = run_biasbound({"plot", dir.string(), "--json"});
    REQUIRE(r.exit_code == 0);
    const auto list = nlohmann::json::parse(r.out);
    REQUIRE(list.size() == figures.size());
    for (const auto* key : {"name", "title", "caption", "csv", "gp", "svg", "png"})
      CHECK(list[0].contains(key));
  }
}

TEST_CASE("a deterministic validation plots its figures, not an all-zero variance",
          "[plots][figures]") {
  TempDir tmp;
  const auto dir = validation(tmp / "v", "biased-sgd-pl");
  const auto figures = plots::plot_directory(dir);
  const auto got = names(figures);
  CHECK(std::count(got.begin(), got.end(), "bound_vs_actual") == 1);
  CHECK(std::count(got.begin(), got.end(), "admissible_region") == 1);
  CHECK(std::count(got.begin(), got.end(), "variance_frontier") == 0);  // exact gradients
  for (const auto& f : figures) check_figure(f);
}

TEST_CASE("failing conditions still give the admissible region", "[plots][figures]") {
  TempDir tmp;
  const auto dir = validation(tmp / "v", "biased-sgd-pl", {"gamma=5"}, 4);
  const auto figures = plots::plot_directory(dir);
  const auto got = names(figures);
  CHECK(std::count(got.begin(), got.end(), "bound_vs_actual") == 0);
  REQUIRE(std::count(got.begin(), got.end(), "admissible_region") == 1);
  for (const auto& f : figures) check_figure(f);
}

TEST_CASE("a measure output folder gives the frontier figures", "[plots][figures]") {
  TempDir tmp;
  const auto dir = validation(tmp / "v", "momentum-nonconvex");
  const auto figures = plots::plot_directory(dir / "measure");
  CHECK(names(figures) == std::vector<std::string>{"bias_frontier", "variance_frontier"});
  CHECK(figures.at(0).svg.parent_path() == dir / "measure" / "figures");
}

TEST_CASE("run outputs in subfolders give the beta sweep", "[plots][figures]") {
  TempDir tmp;
  const auto dir = beta_sweep(tmp / "sweep");
  const auto figures = plots::plot_directory(dir);
  REQUIRE(names(figures) == std::vector<std::string>{"beta_sweep"});
  check_figure(figures[0]);
  const auto csv = cli_test::read_csv(figures[0].csv);
  std::set<std::string> estimators;
  for (const auto& row : csv.rows) estimators.insert(row.at(csv.column("estimator")));
  CHECK(estimators.size() == 2);
}

TEST_CASE("nothing plottable gives no figures and exit status 2", "[plots][figures]") {
  TempDir tmp;
  fs::create_directories(tmp / "empty");
  CHECK(plots::plot_directory(tmp / "empty").empty());
  CHECK_FALSE(fs::exists(tmp / "empty" / "figures"));
  const auto r = run_biasbound({"plot", (tmp / "empty").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("nothing to plot") != std::string::npos);
}

TEST_CASE("a missing folder is an input error naming it", "[plots][figures]") {
  TempDir tmp;
  const auto missing = tmp / "missing";
  CHECK_THROWS_AS(plots::plot_directory(missing), core::InputError);
  CHECK_THROWS_WITH(plots::plot_directory(missing), Catch::Contains(missing.string()));
}

}  // namespace biasbound::plots_test

namespace biasbound::plots_test {

TEST_CASE("a file given as the results folder is an input error saying so", "[plots][figures]") {
  TempDir tmp;
  const auto file = tmp / "validate.json";
  cli_test::write_text(file, "{}\n");
  CHECK_THROWS_WITH(plots::plot_directory(file),
                    Catch::Contains(file.string()) && Catch::Contains("is a file"));
}

TEST_CASE("a failing gnuplot script is one line naming the script and gnuplot's complaint",
          "[plots][figures]") {
  TempDir tmp;
  plots::Script script;
  script.name = "broken";
  script.title = "broken";
  script.caption = "broken";
  script.body = "  plot sin(\n";
  try {
    plots::draw(tmp.path(), script);
    FAIL("no error");
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    CHECK_THAT(message, Catch::Contains("broken.gp") && Catch::Contains("line"));
  }
}

}  // namespace biasbound::plots_test

namespace biasbound::plots_test {

TEST_CASE("a schedule's bound-vs-actual figure marks where each stage starts, with its step",
          "[plots][figures][schedule]") {
  TempDir tmp;
  const auto dir = validation(tmp / "v", "schedules/biased-sgd-pl-stagewise");
  const auto figures = plots::plot_directory(dir);
  const auto bound = std::find_if(figures.begin(), figures.end(),
                                  [](const Figure& f) { return f.name == "bound_vs_actual"; });
  REQUIRE(bound != figures.end());
  check_figure(*bound);
  const auto script = read_text(bound->gp);
  // Stages start at 100, 400 and 1000 (the first at 0 has a label and no line).
  for (const char* start : {"100", "400", "1000"})
    CHECK(script.find(std::string("set arrow from ") + start + ", graph 0") != std::string::npos);
  CHECK(script.find("set arrow from 0,") == std::string::npos);
  for (const char* step : {"γ = 0.5", "γ = 0.125", "γ = 0.0625", "γ = 0.0312"})
    CHECK(script.find(step) != std::string::npos);
  CHECK(bound->caption.find("dotted lines mark where its stages start") != std::string::npos);
  // The residual is each stage's: four levels.
  const auto csv = read_text(bound->csv);
  std::set<std::string> levels;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("residual,", 0) == 0) {  // series,x,y,lower,upper: keep y
      const auto y = line.find(',', line.find(',') + 1) + 1;
      levels.insert(line.substr(y, line.find(',', y) - y));
    }
  CHECK(levels.size() == 4);
}

}  // namespace biasbound::plots_test
