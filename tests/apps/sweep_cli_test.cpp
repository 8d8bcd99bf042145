// End-to-end tests of `biasbound sweep`: its help, a small sweep with its files and summary,
// a bad sweep file refused before anything is written, a re-run that reuses every cell, and
// SIGINT stopping a sweep with its finished cells kept.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_helpers.hpp"

extern char** environ;

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

TEST_CASE("SIGINT stops a sweep in its current cell and keeps the finished ones", "[cli][sweep]") {
  TempDir tmp;
  // Cell 0 takes 5 iterations; cell 1 would take 10^9, so the signal finds it running.
  const auto file = tmp.write("long.toml", R"(
[problem]
spec = "quadratic:d=1000"
[method]
gamma = 0.1
seeds = 1
[grid]
iterations = [5, 1000000000]
)");
  const auto out = tmp / "out";
  const std::vector<std::string> args = {BIASBOUND_EXE, "sweep",      file.string(),
                                         "--out",       out.string(), "--quiet"};
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const auto err_file = (tmp / "stderr.txt").string();
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  // SIGINT as a terminal sends it: not ignored, even if this test runs as a background job.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, BIASBOUND_EXE, &actions, &attributes, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);

  const auto trace = out / "cells" / "001-iterations=1000000000" / "trace.csv";
  for (int i = 0; i < 2400; ++i) {
    std::error_code ignored;
    if (fs::file_size(trace, ignored) > 2000 && !ignored) break;
    usleep(25000);
  }
  REQUIRE(kill(pid, SIGINT) == 0);
  int status = 0;
  for (int i = 0; i < 2400 && waitpid(pid, &status, WNOHANG) == 0; ++i) usleep(25000);
  if (waitpid(pid, &status, WNOHANG) == 0) {  // did not stop: fail, but leave nothing running
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL("biasbound sweep did not stop on SIGINT");
  }
  const auto err = read_text(err_file);
  INFO(err);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK_THAT(err, Contains("interrupted by SIGINT at seed 1 after iteration") &&
                      Contains("in cell 2/2 (iterations=1000000000)") &&
                      Contains("run the same command again to resume"));
  const auto record = read_json(out / "sweep.json");
  CHECK(record["status"] == "interrupted");
  CHECK(record["cells"][0]["status"] == "completed");
  CHECK(record["cells"][1]["status"] == "interrupted");
  CHECK(lines_of(read_text(out / "table.md")).size() == 3);  // header, rule, the finished cell
}
