// End-to-end tests of issue 10 §6, "results are never silently overwritten or mixed": run,
// measure and validate refuse an --out holding other results, --force replaces them but never
// deletes a user's file, a diverged validation seed keeps its partial trace, and an interrupted
// run says so in run.json and in plot's beta sweep.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

extern char** environ;

namespace {

using namespace biasbound::cli_test;
using Args = std::vector<std::string>;
using Catch::Matchers::Contains;

Args run_args(const fs::path& out, const std::string& gamma = "0.1") {
  return {"run", "--problem", "quadratic:d=5", "--estimator", "exact", "--workers",
          "2",   "--gamma",   gamma,           "--beta",      "1",     "--iters",
          "10",  "--out",     out.string(),    "--quiet"};
}

Args measure_args(const fs::path& out, const std::string& points = "3") {
  return {"measure",   "--problem", "quadratic:d=5", "--estimator", "topk:k=2",
          "--workers", "2",         "--points",      points,        "--samples",
          "10",        "--out",     out.string(),    "--quiet"};
}

const std::string kScenario = R"(
theorem = "biased-sgd-pl"
[problem]
spec = "quadratic:d=20,L=1,mu=0.05"
[estimator]
spec = "topk:k=5"
[method]
gamma = "best"
iterations = 30
[measure]
points = 3
samples = 10
)";

Args validate_args(const fs::path& scenario, const fs::path& out, Args more = {}) {
  Args args = {"validate", scenario.string(), "--out", out.string(), "--quiet", "--no-plots"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

Args plus(Args args, const Args& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

void require_ok(const CommandResult& r) {
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

// Exit 2 with one error line holding every part.
void expect_refused(const CommandResult& r, const std::vector<std::string>& parts) {
  INFO(r.command << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(lines_of(r.err).size() == 1);
  for (const auto& part : parts) CHECK_THAT(r.err, Contains(part));
}

}  // namespace

TEST_CASE("run, measure and validate refuse a folder holding another command's results",
          "[cli][out]") {
  TempDir tmp;
  const auto scenario = tmp.write("s.toml", kScenario);
  const auto measured = tmp / "measured";
  require_ok(run_biasbound(measure_args(measured)));
  const auto ran = tmp / "ran";
  require_ok(run_biasbound(run_args(ran)));
  const auto validated = tmp / "validated";
  require_ok(run_biasbound(validate_args(scenario, validated)));

  expect_refused(run_biasbound(run_args(measured)),
                 {"--out '" + measured.string() + "'",
                  "holds the results of `biasbound measure` (measure.json)", "--force"});
  expect_refused(run_biasbound(run_args(validated)),
                 {"holds the results of `biasbound validate`", "--force"});
  expect_refused(run_biasbound(measure_args(ran)),
                 {"holds the results of `biasbound run` (run.json)", "--force"});
  expect_refused(run_biasbound(validate_args(scenario, ran)),
                 {"--out '" + ran.string() + "'", "holds the results of `biasbound run` (run.json)",
                  "pass --force to replace them"});
  // Nothing was touched.
  CHECK(fs::exists(measured / "measure.json"));
  CHECK_FALSE(fs::exists(measured / "run.json"));
  CHECK_FALSE(fs::exists(ran / "scenario.json"));
  CHECK_FALSE(fs::exists(ran / "measure.json"));
}

TEST_CASE(
    "a different configuration is refused naming the first differing key; the same one "
    "is recomputed",
    "[cli][out]") {
  TempDir tmp;
  const auto out = tmp / "out";
  require_ok(run_biasbound(run_args(out, "0.1")));
  expect_refused(
      run_biasbound(run_args(out, "0.2")),
      {"holds the results of a different run (gamma: 0.1 there, 0.2 here in run.json)", "--force"});
  CHECK(read_json(out / "run.json")["config"]["gamma"] == 0.1);
  // The same configuration, with another thread count, recomputes and overwrites.
  require_ok(run_biasbound(plus(run_args(out, "0.1"), {"--threads", "1"})));
  CHECK(read_json(out / "run.json")["status"] == "completed");

  const auto m = tmp / "m";
  require_ok(run_biasbound(measure_args(m, "3")));
  expect_refused(run_biasbound(measure_args(m, "4")),
                 {"different measurement (points: 3 there, 4 here in measure.json)", "--force"});
  require_ok(run_biasbound(measure_args(m, "3")));

  const auto scenario = tmp.write("s.toml", kScenario);
  const auto v = tmp / "v";
  require_ok(run_biasbound(validate_args(scenario, v)));
  expect_refused(
      run_biasbound(validate_args(scenario, v, {"--set", "iterations=40"})),
      {"different scenario (iterations: 30 there, 40 here in scenario.json)", "--force"});
}

TEST_CASE("flag --force replaces the previous results and only biasbound's files", "[cli][out]") {
  TempDir tmp;
  const auto out = tmp / "out";
  require_ok(run_biasbound(measure_args(out)));
  require_ok(run_biasbound(plus(run_args(out), {"--force"})));
  CHECK_FALSE(fs::exists(out / "measure.json"));
  CHECK_FALSE(fs::exists(out / "pairs.csv"));
  CHECK(read_json(out / "run.json")["status"] == "completed");

  require_ok(run_biasbound(plus(run_args(out, "0.2"), {"--force"})));
  CHECK(read_json(out / "run.json")["config"]["gamma"] == 0.2);

  // A validation with --force starts afresh instead of resuming.
  const auto scenario = tmp.write("s.toml", kScenario);
  const auto v = tmp / "v";
  require_ok(run_biasbound(validate_args(scenario, v)));
  const auto again = run_biasbound(validate_args(scenario, v, {"--force", "--json"}));
  require_ok(again);
  CHECK(nlohmann::json::parse(again.out)["runs"]["reused"] == 0);
  CHECK(nlohmann::json::parse(again.out)["runs"]["constants_reused"] == false);
}

TEST_CASE("files biasbound did not write are never deleted, even with --force", "[cli][out]") {
  TempDir tmp;
  const auto out = tmp / "out";
  require_ok(run_biasbound(run_args(out)));
  write_text(out / "notes.txt", "mine\n");
  const auto refused = run_biasbound(plus(run_args(out, "0.2"), {"--force"}));
  expect_refused(refused, {"--out '" + out.string() +
                               "' holds notes.txt besides biasbound's "
                               "results",
                           "--force removes only the files biasbound wrote"});
  CHECK(read_text(out / "notes.txt") == "mine\n");
  CHECK(read_json(out / "run.json")["config"]["gamma"] == 0.1);

  // The same inside a folder biasbound writes (figures/).
  fs::remove(out / "notes.txt");
  fs::create_directories(out / "figures");
  write_text(out / "figures" / "mine.svg", "<svg/>");
  const auto scenario = tmp.write("s.toml", kScenario);
  expect_refused(run_biasbound(validate_args(scenario, out, {"--force"})),
                 {"figures/mine.svg besides biasbound's results"});
  CHECK(fs::exists(out / "figures" / "mine.svg"));
  CHECK(fs::exists(out / "run.json"));

  // A trace.csv without run.json is nobody's biasbound result: never overwritten.
  const auto theirs = tmp / "theirs";
  fs::create_directories(theirs);
  write_text(theirs / "trace.csv", "a,b\n1,2\n");
  expect_refused(run_biasbound(run_args(theirs)),
                 {"holds trace.csv but no run.json: biasbound did not write it"});
  expect_refused(run_biasbound(plus(run_args(theirs), {"--force"})),
                 {"holds trace.csv but no run.json"});
  CHECK(read_text(theirs / "trace.csv") == "a,b\n1,2\n");
  // An existing empty folder is free for every command.
  fs::create_directories(tmp / "empty");
  require_ok(run_biasbound(validate_args(scenario, tmp / "empty")));
  // Unrelated files alone do not stop a run (nothing of theirs is overwritten).
  const auto shared = tmp / "shared";
  fs::create_directories(shared);
  write_text(shared / "README", "x\n");
  require_ok(run_biasbound(run_args(shared)));
  CHECK(read_text(shared / "README") == "x\n");
}

TEST_CASE("validate without scenario.json in a non-empty folder refuses instead of reusing seeds",
          "[cli][out]") {
  TempDir tmp;
  const auto scenario = tmp.write("s.toml", kScenario);
  const auto v = tmp / "v";
  require_ok(run_biasbound(validate_args(scenario, v)));
  REQUIRE(fs::exists(v / "seeds" / "seed-1.csv"));
  // Without the fingerprint, the seeds run at the best γ cannot be told from another γ's.
  fs::remove(v / "scenario.json");
  fs::remove(v / "validate.json");
  expect_refused(run_biasbound(validate_args(scenario, v, {"--set", "gamma=max"})),
                 {"--out '" + v.string() + "' is not empty", "has no scenario.json"});
  CHECK(fs::exists(v / "seeds" / "seed-1.csv"));

  // validate.json without scenario.json: a validation of an unknown scenario, --force replaces.
  require_ok(run_biasbound(validate_args(scenario, tmp / "w")));
  fs::remove(tmp / "w" / "scenario.json");
  expect_refused(run_biasbound(validate_args(scenario, tmp / "w")),
                 {"whose scenario it does not record", "--force"});
  require_ok(run_biasbound(validate_args(scenario, tmp / "w", {"--force"})));
  CHECK(fs::exists(tmp / "w" / "scenario.json"));
}

TEST_CASE("a diverged validation seed keeps its partial trace and validate.json names it",
          "[cli][out]") {
  TempDir tmp;
  const auto scenario = tmp.write("s.toml", kScenario);
  const auto v = tmp / "v";
  // A claimed L far too small admits a step at which the run diverges.
  const Args args = validate_args(
      scenario, v,
      {"--set", "L=1e-3", "--set", "mu=1e-4", "--set", "gamma=50", "--set", "iterations=300"});
  const auto r = run_biasbound(args);
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 3);
  CHECK_THAT(r.err, Contains("seed 1 diverged at iteration") &&
                        Contains((v / "seeds" / "seed-1.csv").string()) &&
                        Contains("validate.json records the divergence"));

  const auto seed = read_csv(v / "seeds" / "seed-1.csv");
  REQUIRE(seed.rows.size() >= 2);
  CHECK(seed.rows.size() < 301);  // stopped before T
  const auto& last = seed.rows.back();
  const bool last_finite = std::isfinite(to_double(last[1])) && std::isfinite(to_double(last[2]));
  CHECK_FALSE(last_finite);
  CHECK_THAT(read_text(v / "seeds" / "seed-1.diverged.txt"), Contains("diverged at iteration"));

  const auto check_record = [&] {
    const auto j = read_json(v / "validate.json");
    REQUIRE(j.contains("divergence"));
    REQUIRE(j["divergence"].size() == 1);
    CHECK(j["divergence"][0]["seed"] == 1);
    CHECK(j["divergence"][0]["iteration"] == static_cast<long long>(seed.rows.size()) - 1);
    CHECK(j["divergence"][0]["file"] == "seeds/seed-1.csv");
    CHECK(j["verdict"] == "inconclusive");
    CHECK_THAT(j["reason"].get<std::string>(), Contains("seed 1 diverged"));
    return j;
  };
  CHECK(check_record()["runs"]["computed"] == 1);

  // A re-run reuses the seed and still knows it diverged.
  const auto again = run_biasbound(args);
  INFO(again.err);
  CHECK(again.exit_code == 3);
  CHECK_THAT(again.err, Contains("seed 1 diverged at iteration"));
  CHECK(check_record()["runs"]["reused"] == 1);
}

TEST_CASE("SIGINT stops a run between iterations with run.json saying interrupted", "[cli][out]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const Args args = {BIASBOUND_EXE, "run",       "--problem", "quadratic:d=1000", "--estimator",
                     "exact",       "--workers", "1",         "--gamma",          "0.1",
                     "--beta",      "0.5",       "--iters",   "1000000000",       "--out",
                     out.string(),  "--quiet"};
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

  // Wait until the run has written some rows, then interrupt it. d = 1000 keeps the iterations
  // slow enough that the trace stays small if the signal were missed.
  const auto trace = out / "trace.csv";
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
    FAIL("biasbound run did not stop on SIGINT");
  }
  INFO(read_text(err_file));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK_THAT(read_text(err_file), Contains("interrupted by SIGINT at seed 1 after iteration"));

  const auto j = read_json(out / "run.json");
  CHECK(j["status"] == "interrupted");
  CHECK(j["interruption"]["signal"] == "SIGINT");
  CHECK(j["interruption"]["seed"] == 1);
  const auto csv = read_csv(trace);
  REQUIRE_FALSE(csv.rows.empty());
  CHECK(j["interruption"]["last_iteration"] == to_integer(csv.rows.back()[1]));
  CHECK(j["results"][0]["iterations"] == to_integer(csv.rows.back()[1]) + 1);
  CHECK(j["results"][0]["interrupted"] == true);
}

TEST_CASE("plot marks a run whose run.json still says running as interrupted", "[cli][out]") {
  TempDir tmp;
  const auto sweep = tmp / "sweep";
  for (const char* beta : {"1", "0.5"}) {
    auto args = run_args(sweep / (std::string("b") + beta));
    args[10] = beta;  // --beta
    require_ok(run_biasbound(args));
  }
  // A run killed with SIGKILL leaves status "running" and no process to finish it.
  auto record = read_json(sweep / "b0.5" / "run.json");
  record["status"] = "running";
  write_text(sweep / "b0.5" / "run.json", record.dump(2));

  const auto r = run_biasbound({"plot", sweep.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto figures = nlohmann::json::parse(r.out);
  REQUIRE(figures.size() == 1);
  CHECK_THAT(figures[0]["caption"].get<std::string>(), Contains("(interrupted)"));
  CHECK_THAT(read_text(sweep / "figures" / "beta_sweep.gp"), Contains("β = 0.5 (interrupted)"));
  CHECK_THAT(read_text(sweep / "figures" / "beta_sweep.gp"), !Contains("β = 1 ("));
  const auto csv = read_csv(sweep / "figures" / "beta_sweep.csv");
  for (const auto& row : csv.rows)
    CHECK(row.at(csv.column("status")) ==
          (row.at(csv.column("beta")) == "0.5" ? "interrupted" : "completed"));
}
