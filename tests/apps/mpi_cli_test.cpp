// `biasbound run` under mpirun (docs/distributed.md): the workers spread over 1, 2 and 3 ranks
// give the in-process trace byte for byte, for every method of the catalog and for worker counts
// that do not divide evenly over the ranks; bad input is one error from rank 0 before any
// collective. Built only with MPI (BIASBOUND_WITH_MPI).

#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

using namespace biasbound::cli_test;
using Args = std::vector<std::string>;

namespace {

// 5 workers: over 2 ranks 3 + 2, over 3 ranks 2 + 2 + 1.
Args run_args(const std::string& method_flags, const fs::path& out) {
  Args args = {"run",        "--problem", "logistic:data=synthetic,n=200,d=10,lambda=0.01",
               "--workers",  "5",         "--gamma",
               "0.3",        "--iters",   "25",
               "--seeds",    "2",         "--out",
               out.string(), "--quiet"};
  for (const auto& word : split(method_flags, ' ')) args.push_back(word);
  return args;
}

const std::string kSweep = R"(
[problem]
spec = "logistic:data=synthetic,n=300,d=10"
workers = 3
[estimator]
spec = "minibatch:b=8+topk:frac=0.5"
[method]
iterations = 30
seeds = 2
[grid]
gamma = [0.5, 1]
beta = [0.1, 0.5, 1]
)";

// A validation on small logistic regression with a random estimator (so that seeds differ).
std::string validate_scenario(const std::string& gamma, int iterations, int seeds) {
  return R"(
theorem = "biased-sgd-nonconvex"
[problem]
spec = "logistic:data=synthetic,n=400,d=10"
workers = 2
[estimator]
spec = "minibatch:b=4+topk:k=3"
[method]
gamma = )" +
         gamma + "\niterations = " + std::to_string(iterations) +
         "\nseeds = " + std::to_string(seeds) + R"(
[measure]
points = 4
samples = 20
)";
}

Args sweep_args(const fs::path& file, const fs::path& out) {
  return {"sweep", file.string(), "--out", out.string(), "--quiet"};
}

Args plus_force(Args args) {
  args.push_back("--force");
  return args;
}

}  // namespace

TEST_CASE("run on 1, 2 and 3 MPI ranks gives the in-process trace byte for byte, every method",
          "[cli][mpi]") {
  TempDir tmp;
  for (const std::string flags :
       {"--method server-momentum --estimator minibatch:b=8+topk:k=3 --beta 0.5",
        "--method delayed-gd --compressor topk:k=2 --tau 2",
        "--method ef-sgd --estimator minibatch:b=8 --compressor topk:k=2",
        "--method mdsgd --compressor randk:k=3 --beta-tilde 0.5",
        "--method block-coordinate --compressor randk:k=2,scaled=true --blocks 2 --tau 1 "
        "--staleness random",
        "--method iag --compressor topk:k=2",
        // Packed on the wire: QSGD's and sign's palettes.
        "--method server-momentum --estimator minibatch:b=8+qsgd:s=4 --beta 0.5",
        "--method ef-sgd --estimator minibatch:b=8 --compressor scaledsign"}) {
    INFO(flags);
    const auto reference = tmp / "in-process";
    const auto r = run_biasbound(plus_force(run_args(flags, reference)));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto expected = read_text(reference / "trace.csv");
    for (int ranks = 1; ranks <= 3; ++ranks) {
      const auto out = tmp / ("mpi-" + std::to_string(ranks));
      const auto m = run_mpi(ranks, plus_force(run_args(flags, out)));
      INFO(ranks << " ranks: " << m.command << "\n" << m.err);
      REQUIRE(m.exit_code == 0);
      CHECK(read_text(out / "trace.csv") == expected);
      const auto record = read_json(out / "run.json");
      CHECK(record.at("config").at("backend") == "mpi");
      CHECK(record.at("communication").at("mpi").at("ranks") == ranks);
      // One rank receives no message from another; more do.
      const double received =
          record.at("communication").at("mpi").at("message_bytes_received").get<double>();
      CHECK((ranks == 1 ? received == 0 : received > 0));
      CHECK(record.at("communication").at("mpi").at("seconds_in_communication").get<double>() >= 0);
      CHECK(lines_containing(m.out, "wrote").size() == 1);  // rank 0 alone prints
    }
  }
}

TEST_CASE("100 workers over 1, 2 and 3 MPI ranks (34 + 33 + 33) give the in-process trace",
          "[cli][mpi]") {
  TempDir tmp;
  const auto args = [&](const fs::path& out) {
    return Args{"run",
                "--problem",
                "logistic:data=synthetic,n=1000,d=20,lambda=0.01",
                "--workers",
                "100",
                "--estimator",
                "minibatch:b=4+topk:k=5",
                "--gamma",
                "0.5",
                "--beta",
                "0.5",
                "--iters",
                "20",
                "--out",
                out.string(),
                "--quiet"};
  };
  const auto r = run_biasbound(args(tmp / "in-process"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto expected = read_text(tmp / "in-process" / "trace.csv");
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const auto out = tmp / ("mpi-" + std::to_string(ranks));
    const auto m = run_mpi(ranks, args(out));
    INFO(ranks << " ranks: " << m.err);
    REQUIRE(m.exit_code == 0);
    CHECK(read_text(out / "trace.csv") == expected);
  }
}

TEST_CASE("under mpirun bad input is one error from rank 0 and every rank exits 2", "[cli][mpi]") {
  TempDir tmp;
  const auto bad_gamma =
      run_mpi(2, {"run", "--problem", "quadratic:d=10", "--workers", "2", "--gamma", "-1",
                  "--iters", "5", "--out", (tmp / "a").string()});
  CHECK(bad_gamma.exit_code == 2);
  CHECK(lines_containing(bad_gamma.err, "biasbound: error:").size() == 1);
  CHECK(lines_containing(bad_gamma.err, "--gamma").size() >= 1);
  CHECK_FALSE(fs::exists(tmp / "a"));

  const auto too_few =
      run_mpi(3, {"run", "--problem", "quadratic:d=10", "--workers", "2", "--gamma", "0.1",
                  "--iters", "5", "--out", (tmp / "b").string()});
  CHECK(too_few.exit_code == 2);
  CHECK(lines_containing(too_few.err, "2 workers over 3 MPI ranks").size() == 1);

  // An output folder holding another command's results is seen by rank 0 alone: it tells the
  // others before any collective, and all stop the same way.
  fs::create_directories(tmp / "c");
  write_text(tmp / "c" / "validate.json", "{}");
  const auto taken = run_mpi(2, {"run", "--problem", "quadratic:d=10", "--workers", "2", "--gamma",
                                 "0.1", "--iters", "5", "--out", (tmp / "c").string()});
  CHECK(taken.exit_code == 2);
  CHECK(lines_containing(taken.err, "biasbound: error:").size() == 1);

  const auto other = run_mpi(2, {"theorems"});
  CHECK(other.exit_code == 2);
  CHECK(lines_containing(other.err, "only `run`, `sweep` and `validate` are distributed").size() ==
        1);
}

TEST_CASE("a killed rank ends the whole job, never a hang, naming the rank", "[cli][mpi]") {
  TempDir tmp;
  const auto log = tmp / "mpirun.txt";
  // A run far longer than the test; rank 1 is killed once both ranks are stepping.
  const std::string script =
      "env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
      "OMPI_MCA_btl_vader_single_copy_mechanism=none ASAN_OPTIONS=detect_leaks=0 "
      "mpirun --oversubscribe -n 2 " +
      shell_quote(BIASBOUND_EXE) +
      " run --problem quadratic:d=2000 --workers 4 --gamma 0.1 --iters 1000000000 --quiet --out " +
      shell_quote((tmp / "run").string()) + " >" + shell_quote(log.string()) +
      " 2>&1 & launcher=$!; "
      "for i in $(seq 1 100); do [ -s " +
      shell_quote((tmp / "run" / "trace.csv").string()) +
      " ] && break; sleep 0.1; done; sleep 1; "
      "victim=$(pgrep -P $launcher | sort -n | tail -1); kill -9 $victim; "
      // A watchdog, not a timing: a job still alive a minute later has hung.
      "(sleep 60; kill -9 $launcher 2>/dev/null && echo hung) >>" +
      shell_quote(log.string()) +
      " 2>&1 & watchdog=$!; wait $launcher; status=$?; pkill -P $watchdog; kill $watchdog; "
      "echo \"status=$status\" >>" +
      shell_quote(log.string());
  REQUIRE(std::system(("bash -c " + shell_quote(script)).c_str()) == 0);
  const auto text = read_text(log);
  INFO(text);
  const auto status = lines_containing(text, "status=");
  REQUIRE(status.size() == 1);
  CHECK(status.front() != "status=0");  // the job failed
  CHECK(lines_containing(text, "hung").empty());
  CHECK(text.find("rank 1") != std::string::npos);
  CHECK(text.find("signal 9") != std::string::npos);
}

TEST_CASE("sweep on 2 and 3 MPI ranks writes the sweep of one process, and resumes",
          "[cli][mpi][sweep]") {
  TempDir tmp;
  const auto file = tmp.write("sweep.toml", kSweep);
  const auto reference = tmp / "in-process";
  const auto r = run_biasbound(sweep_args(file, reference));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto scratch = tmp / "scratch";
  fs::create_directories(scratch);
  for (int ranks = 2; ranks <= 3; ++ranks) {
    const auto out = tmp / ("mpi-" + std::to_string(ranks));
    const auto m = run_mpi(ranks, sweep_args(file, out), "TMPDIR=" + scratch.string());
    INFO(ranks << " ranks: " << m.command << "\n" << m.err);
    REQUIRE(m.exit_code == 0);
    for (const char* name : {"sweep.csv", "table.csv", "table.md"})
      CHECK(read_text(out / name) == read_text(reference / name));
    CHECK(lines_containing(m.out, "6 run, 0 reused").size() == 1);  // rank 0 alone prints
    for (const auto& cell : fs::directory_iterator(reference / "cells")) {
      const auto mine = out / "cells" / cell.path().filename();
      CHECK(read_text(mine / "trace.csv") == read_text(cell.path() / "trace.csv"));
      CHECK(read_json(mine / "run.json").at("config").at("out") == mine.string());
    }
    // The other ranks' scratch folders are gone.
    CHECK(fs::is_empty(scratch));
  }

  // Two cells lost (a killed job): two ranks recompute just those, to the same files.
  const auto out = tmp / "mpi-3";
  fs::remove_all(out / "cells" / "001-gamma=0.5-beta=0.5");
  fs::remove_all(out / "cells" / "004-gamma=1-beta=0.5");
  const auto again = run_mpi(2, sweep_args(file, out));
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(lines_containing(again.out, "2 run, 4 reused").size() == 1);
  CHECK(read_text(out / "sweep.csv") == read_text(reference / "sweep.csv"));
}

TEST_CASE("an MPI sweep refuses bad input on every rank before any cell runs",
          "[cli][mpi][sweep]") {
  TempDir tmp;
  const auto bad = tmp.write("bad.toml", kSweep + "foo = [1]\n");
  const auto r = run_mpi(2, sweep_args(bad, tmp / "a"));
  CHECK(r.exit_code == 2);
  CHECK(lines_containing(r.err, "biasbound: error:").size() == 1);
  CHECK_FALSE(fs::exists(tmp / "a" / "sweep.json"));

  // An output folder only rank 0 looks at.
  const auto file = tmp.write("sweep.toml", kSweep);
  fs::create_directories(tmp / "taken");
  write_text(tmp / "taken" / "run.json", "{}");
  const auto taken = run_mpi(2, sweep_args(file, tmp / "taken"));
  CHECK(taken.exit_code == 2);
  CHECK(lines_containing(taken.err, "biasbound: error:").size() == 1);
  CHECK_FALSE(fs::exists(tmp / "taken" / "sweep.json"));
}

TEST_CASE("SIGINT to mpirun stops an MPI sweep on every rank and keeps the finished cells",
          "[cli][mpi][sweep]") {
  TempDir tmp;
  // Cell 1 would take 10^9 iterations: the signal finds it running, on whichever rank took it,
  // while the short cells finish.
  const auto file = tmp.write("long.toml", R"(
[problem]
spec = "quadratic:d=1000"
workers = 2
[method]
gamma = 0.1
seeds = 1
[grid]
iterations = [5, 1000000000, 6, 7]
)");
  const auto out = tmp / "out";
  const auto scratch = tmp / "scratch";
  fs::create_directories(scratch);
  const auto log = tmp / "mpirun.txt";
  const std::string script =
      "env TMPDIR=" + shell_quote(scratch.string()) +
      " OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
      "OMPI_MCA_btl_vader_single_copy_mechanism=none ASAN_OPTIONS=detect_leaks=0 "
      "mpirun --oversubscribe -n 2 " +
      shell_quote(BIASBOUND_EXE) + " sweep " + shell_quote(file.string()) + " --quiet --out " +
      shell_quote(out.string()) + " >" + shell_quote(log.string()) +
      " 2>&1 & launcher=$!; "
      // Generous: on one CI run (a slow machine, sanitizers on) cell 4 had not finished a minute
      // after mpirun began, and the ranks had printed nothing. Not getting there is said so.
      "for i in $(seq 1 3000); do grep -qs completed " +
      shell_quote((out / "cells" / "003-iterations=7" / "run.json").string()) +
      " && break; sleep 0.1; done; grep -qs completed " +
      shell_quote((out / "cells" / "003-iterations=7" / "run.json").string()) +
      " || echo 'test: cell 4 not completed after 300 s' >&2; sleep 1; kill -INT $launcher; "
      // A watchdog, not a timing: a job still alive a minute later has hung.
      "(sleep 60; kill -9 $launcher 2>/dev/null && echo hung) >>" +
      shell_quote(log.string()) +
      " 2>&1 & watchdog=$!; wait $launcher; pkill -P $watchdog; kill $watchdog; true";
  REQUIRE(std::system(("bash -c " + shell_quote(script)).c_str()) == 0);
  const auto text = read_text(log);
  INFO(text);
  CHECK(lines_containing(text, "hung").empty());
  // mpirun turns SIGINT into SIGTERM for the ranks (and exits with a status of its own).
  CHECK(lines_containing(text, "biasbound: interrupted by SIGTERM at seed 1 after iteration")
            .size() == 1);
  CHECK(lines_containing(text, "in cell 2/4 (iterations=1000000000)").size() == 1);
  const auto record = read_json(out / "sweep.json");
  CHECK(record["status"] == "interrupted");
  for (const int finished : {0, 2, 3}) CHECK(record["cells"][finished]["status"] == "completed");
  CHECK(record["cells"][1]["status"] == "interrupted");
  CHECK(lines_of(read_text(out / "table.md")).size() == 5);  // header, rule, 3 finished cells
  CHECK(fs::is_empty(scratch));
}

TEST_CASE("validate on 2 and 3 MPI ranks runs the seeds of one process, and resumes",
          "[cli][mpi][validate]") {
  TempDir tmp;
  const auto file = tmp.write("validate.toml", validate_scenario("\"best\"", 150, 5));
  const auto args = [&](const fs::path& out) {
    return Args{"validate", file.string(), "--out", out.string(), "--quiet", "--no-plots"};
  };
  const auto reference = tmp / "in-process";
  const auto r = run_biasbound(args(reference));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto same_results = [&](const fs::path& out) {
    for (const char* name : {"trace.csv", "bound.csv", "region.csv"})
      CHECK(read_text(out / name) == read_text(reference / name));
    for (int seed = 1; seed <= 5; ++seed) {
      const auto seed_file = fs::path("seeds") / ("seed-" + std::to_string(seed) + ".csv");
      CHECK(read_text(out / seed_file) == read_text(reference / seed_file));
    }
    CHECK(read_json(out / "validate.json").at("verdict") ==
          read_json(reference / "validate.json").at("verdict"));
  };
  for (int ranks = 2; ranks <= 3; ++ranks) {
    const auto out = tmp / ("mpi-" + std::to_string(ranks));
    const auto m = run_mpi(ranks, args(out));
    INFO(ranks << " ranks: " << m.command << "\n" << m.err);
    REQUIRE(m.exit_code == 0);
    same_results(out);
    CHECK(lines_containing(m.out, "verdict").size() == 1);  // rank 0 alone prints
    CHECK(read_json(out / "validate.json").at("runs").at("computed") == 5);
  }

  // Two seeds lost: two ranks run just those.
  const auto out = tmp / "mpi-3";
  fs::remove(out / "seeds" / "seed-2.csv");
  fs::remove(out / "seeds" / "seed-5.csv");
  const auto again = run_mpi(2, args(out));
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(read_json(out / "validate.json").at("runs").at("computed") == 2);
  same_results(out);
}

TEST_CASE("an MPI validation ends every rank with rank 0's status", "[cli][mpi][validate]") {
  TempDir tmp;
  // Bad input every rank sees: one error line, every rank exits 2.
  const auto bad = run_mpi(2, {"validate", "/no/such/scenario.toml", "--quiet"});
  CHECK(bad.exit_code == 2);
  CHECK(lines_containing(bad.err, "biasbound: error:").size() == 1);

  // A step the theorem does not admit: rank 0 finds it (exit 4) and releases the others.
  const auto file = tmp.write("too-large.toml", validate_scenario("100", 50, 4));
  const auto large = run_mpi(
      2, {"validate", file.string(), "--out", (tmp / "o").string(), "--quiet", "--no-plots"});
  INFO(large.err);
  CHECK(large.exit_code == 4);
  CHECK(lines_containing(large.out, "verdict").size() == 1);
}
