// End-to-end tests of `biasbound sweep`: its help, a small sweep with its files and summary,
// a bad sweep file refused before anything is written, and a re-run that reuses every cell.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace {

using namespace biasbound::cli_test;
using Catch::Matchers::Contains;

const std::string kCliSweep = R"(
[problem]
spec = "logistic:data=synthetic,n=400,d=10"
workers = 2
[estimator]
spec = "minibatch:b=8+topk:frac=0.5"
[method]
iterations = 20
seeds = 2
[grid]
gamma = [0.5, 1]
beta = [0.5, 1]
)";

}  // namespace

TEST_CASE("biasbound sweep --help describes the command", "[cli][sweep]") {
  const auto r = run_biasbound({"sweep", "--help"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("--set") && Contains("--out") && Contains("--force") &&
                        Contains("--json") && Contains("resume"));
  CHECK_THAT(run_biasbound({"--help"}).out, Contains("sweep"));
}

TEST_CASE("biasbound sweep runs a small grid and writes its files", "[cli][sweep]") {
  TempDir tmp;
  const auto file = tmp.write("small.toml", kCliSweep);
  const auto out = tmp / "out";
  const auto r = run_biasbound({"sweep", file.string(), "--out", out.string(), "--quiet"});
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("4 cells (gamma × beta), 2 seeds each"));
  CHECK_THAT(r.out, Contains("4 run, 0 reused, 0 with diverged seeds"));
  CHECK_THAT(r.out, Contains("| gamma | beta | test accuracy (%) | diverged |"));
  for (const char* name : {"sweep.json", "sweep.csv", "table.csv", "table.md"})
    CHECK(fs::exists(out / name));
  CHECK(fs::exists(out / "cells" / "003-gamma=1-beta=1" / "trace.csv"));
  const auto csv = read_csv(out / "sweep.csv");
  CHECK(csv.rows.size() == 4 * 21);
  CHECK(csv.rows[0][csv.column("seeds_reporting")] == "2");

  // Again, as JSON: every cell is reused.
  const auto again =
      run_biasbound({"sweep", file.string(), "--out", out.string(), "--quiet", "--json"});
  REQUIRE(again.exit_code == 0);
  const auto record = nlohmann::json::parse(again.out);
  CHECK(record["schema"]["name"] == "biasbound.sweep");
  for (const auto& cell : record["cells"]) CHECK(cell["reused"] == true);
}

TEST_CASE("biasbound sweep refuses a bad sweep file and writes nothing", "[cli][sweep]") {
  TempDir tmp;
  const auto file = tmp.write("bad.toml", kCliSweep + "foo = [1]\n");
  const auto out = tmp / "out";
  const auto r = run_biasbound({"sweep", file.string(), "--out", out.string(), "--quiet"});
  CHECK(r.exit_code == 2);
  CHECK(lines_of(r.err).size() == 1);
  CHECK_THAT(r.err, Contains("bad.toml:13: grid.foo: unknown key 'foo'"));
  CHECK_FALSE(fs::exists(out));
}
