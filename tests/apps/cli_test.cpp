// End-to-end tests of the `biasbound` command line: each test runs the real binary (path in
// BIASBOUND_EXE) on a tiny problem and checks exit code, stdout, stderr, trace.csv and run.json.

#include <catch2/catch.hpp>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace {

using namespace biasbound::cli_test;
using Json = nlohmann::json;
using Args = std::vector<std::string>;

constexpr int kWorkers = 4;
constexpr int kIters = 20;
constexpr int kSeeds = 2;
constexpr int kDim = 10;
constexpr int kTopK = 3;
constexpr int kEvalEvery = 5;

const std::string kLogistic = "logistic:data=synthetic,n=200,d=10,lambda=0.01";
const std::string kEstimator = "minibatch:b=8+topk:k=3";

// The reference run of the brief, writing to `out`.
Args reference_args(const fs::path& out) {
  return {"run",     "--problem",    kLogistic, "--estimator", kEstimator,   "--workers", "4",
          "--gamma", "0.5",          "--beta",  "0.5",         "--iters",    "20",        "--seeds",
          "2",       "--eval-every", "5",       "--out",       out.string(), "--quiet"};
}

Args plus(Args args, const Args& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Smallest b with 2^b >= d: the index width of the traffic model, ceil(log2 d).
int index_bits(int d) {
  int bits = 0;
  while ((1LL << bits) < d) ++bits;
  return bits;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("run: a successful run writes a complete trace.csv", "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto r = run_biasbound(reference_args(out));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());  // --quiet: no progress, no warnings
  CHECK(has(r.out, "trace.csv"));

  REQUIRE(fs::is_regular_file(out / "trace.csv"));
  const auto csv = read_csv(out / "trace.csv");
  REQUIRE(csv.header ==
          "seed,iter,f,grad_norm2,train_loss,train_acc,test_loss,test_acc,bits_up,bits_down");
  REQUIRE(csv.rows.size() == static_cast<std::size_t>(kSeeds * (kIters + 1)));

  std::size_t row_index = 0;
  for (long long seed = 1; seed <= kSeeds; ++seed) {
    double f_first = 0, f_last = 0;
    for (long long iter = 0; iter <= kIters; ++iter, ++row_index) {
      const auto& row = csv.rows[row_index];
      INFO("row " << row_index + 2 << " of trace.csv (seed " << seed << ", iter " << iter << ")");
      REQUIRE(row.size() == 10);
      CHECK(to_integer(row[0]) == seed);
      CHECK(to_integer(row[1]) == iter);
      const double f = to_double(row[2]);
      const double g = to_double(row[3]);
      CHECK(std::isfinite(f));
      CHECK(std::isfinite(g));
      CHECK(g >= 0);
      if (iter == 0) f_first = f;
      if (iter == kIters) f_last = f;

      const bool evaluated = iter % kEvalEvery == 0 || iter == kIters;
      for (std::size_t c = 4; c < 8; ++c) {
        INFO("column " << csv.columns[c]);
        if (!evaluated) {
          CHECK(row[c].empty());
          continue;
        }
        REQUIRE_FALSE(row[c].empty());
        const double value = to_double(row[c]);
        CHECK(std::isfinite(value));
        if (csv.columns[c] == "train_acc" || csv.columns[c] == "test_acc") {
          CHECK(value >= 0);
          CHECK(value <= 1);
        } else {
          CHECK(value > 0);  // logistic loss
        }
      }
    }
    INFO("seed " << seed);
    // x_0 = 0: every logistic loss is log 2 and the l2 term is 0.
    CHECK(f_first == Approx(std::log(2.0)).epsilon(1e-12));
    CHECK(f_last < f_first);
  }
}

TEST_CASE("run: run.json records status resolved config constants build wall time and traffic",
          "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto r = run_biasbound(reference_args(out));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(fs::is_regular_file(out / "run.json"));
  CHECK_FALSE(fs::exists(out / "run.json.tmp"));
  const auto j = read_json(out / "run.json");
  INFO(j.dump(2));

  CHECK(j.at("command") == "run");
  CHECK(j.at("status") == "completed");
  CHECK_FALSE(j.contains("divergence"));

  const auto& config = j.at("config");
  CHECK(config.at("problem") == kLogistic);
  CHECK(config.at("estimator") == kEstimator);
  CHECK(config.at("workers") == kWorkers);
  CHECK(config.at("gamma").get<double>() == 0.5);
  CHECK(config.at("beta").get<double>() == 0.5);
  CHECK(config.at("init") == "zero");
  CHECK(config.at("iters") == kIters);
  CHECK(config.at("seeds") == kSeeds);
  CHECK(config.at("first_seed") == 1);
  CHECK(config.at("eval_every") == kEvalEvery);
  CHECK(config.at("threads").get<int>() >= 1);
  CHECK(config.at("out") == out.string());

  const auto& constants = j.at("problem_constants");
  REQUIRE(constants.at("L").is_number());
  CHECK(constants.at("L").get<double>() > 0);
  CHECK(std::isfinite(constants.at("L").get<double>()));
  // The l2 term makes mu = lambda a valid lower bound.
  REQUIRE(constants.at("mu").is_number());
  CHECK(constants.at("mu").get<double>() == Approx(0.01));

  const auto& build = j.at("build");
  CHECK(build.at("biasbound").is_string());
  const auto& libraries = build.at("libraries");
  for (const char* library : {"eigen", "fmt", "nlohmann_json", "boost", "zlib"}) {
    INFO("library " << library);
    REQUIRE(libraries.contains(library));
    REQUIRE(libraries.at(library).is_string());
    CHECK(std::regex_search(libraries.at(library).get<std::string>(), std::regex("^[0-9]+\\.")));
  }

  REQUIRE(j.at("wall_time_s").is_number());
  CHECK(j.at("wall_time_s").get<double>() > 0);

  // Traffic: every round, each worker sends k (value, index) pairs up and receives the dense
  // model down; 32-bit floats and ceil(log2 d)-bit indices.
  const long long rounds = static_cast<long long>(kIters) * kSeeds;  // 40
  const long long bytes_up = rounds * kWorkers * kTopK * (32 + index_bits(kDim)) / 8;
  const long long bytes_down = rounds * kWorkers * 32LL * kDim / 8;
  REQUIRE(bytes_up == 2160);  // the formula itself, evaluated by hand
  REQUIRE(bytes_down == 6400);
  const auto& comm = j.at("communication");
  CHECK(comm.at("rounds").get<long long>() == rounds);
  CHECK(comm.at("bytes_up").get<double>() == static_cast<double>(bytes_up));
  CHECK(comm.at("bytes_down").get<double>() == static_cast<double>(bytes_down));
  CHECK(comm.at("bytes_total").get<double>() == static_cast<double>(bytes_up + bytes_down));

  // Per-seed results agree with the last trace rows.
  const auto csv = read_csv(out / "trace.csv");
  const auto& results = j.at("results");
  REQUIRE(results.size() == static_cast<std::size_t>(kSeeds));
  for (int s = 0; s < kSeeds; ++s) {
    INFO("result " << s);
    const auto& result = results.at(s);
    CHECK(result.at("seed") == s + 1);
    CHECK(result.at("iterations") == kIters);
    CHECK_FALSE(result.contains("diverged"));
    const auto& last_row = csv.rows.at(static_cast<std::size_t>((s + 1) * (kIters + 1) - 1));
    CHECK(result.at("final").at("f").get<double>() == to_double(last_row[2]));
    CHECK(result.at("final").at("grad_norm2").get<double>() == to_double(last_row[3]));
    CHECK(result.at("final").at("metrics").at("test_acc").get<double>() == to_double(last_row[7]));
  }
}

TEST_CASE("run --json: stdout is the same JSON object as run.json", "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto r = run_biasbound(plus(reference_args(out), {"--json"}));
  INFO(r.command << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  Json printed;
  REQUIRE_NOTHROW(printed = Json::parse(r.out));  // nothing but the JSON object on stdout
  const auto file = read_json(out / "run.json");
  REQUIRE(printed.is_object());
  CHECK(printed.at("status") == "completed");
  CHECK(printed.at("status") == file.at("status"));
  CHECK(printed.at("config") == file.at("config"));
  CHECK(printed.at("results") == file.at("results"));
  CHECK(printed.at("communication") == file.at("communication"));
  CHECK(printed == file);
  CHECK(printed.at("results").size() == static_cast<std::size_t>(kSeeds));
}

TEST_CASE("run: --threads 1 and --threads 2 give byte-identical trace.csv", "[cli]") {
  TempDir tmp;
  const auto out1 = tmp / "threads1";
  const auto out2 = tmp / "threads2";
  const auto r1 = run_biasbound(plus(reference_args(out1), {"--threads", "1"}));
  const auto r2 = run_biasbound(plus(reference_args(out2), {"--threads", "2"}));
  INFO(r1.err << r2.err);
  REQUIRE(r1.exit_code == 0);
  REQUIRE(r2.exit_code == 0);
  CHECK(read_json(out1 / "run.json").at("config").at("threads") == 1);
  CHECK(read_json(out2 / "run.json").at("config").at("threads") == 2);
  const auto trace1 = read_text(out1 / "trace.csv");
  const auto trace2 = read_text(out2 / "trace.csv");
  REQUIRE(lines_of(trace1).size() == static_cast<std::size_t>(1 + kSeeds * (kIters + 1)));
  CHECK(trace1 == trace2);

  // The trace depends on the seed: a different --seed must not reproduce it.
  const auto out3 = tmp / "seed7";
  const auto r3 = run_biasbound(plus(reference_args(out3), {"--threads", "2", "--seed", "7"}));
  REQUIRE(r3.exit_code == 0);
  CHECK(read_text(out3 / "trace.csv") != trace1);
}

TEST_CASE("run: evaluation columns are filled every --eval-every iterations and at T", "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto r = run_biasbound({"run", "--problem", kLogistic, "--estimator", "exact", "--workers",
                                "2", "--gamma", "0.5", "--beta", "1", "--iters", "7",
                                "--eval-every", "3", "--out", out.string(), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto csv = read_csv(out / "trace.csv");
  REQUIRE(csv.rows.size() == 8);
  const auto train_loss = csv.column("train_loss");
  for (const auto& row : csv.rows) {
    const auto iter = to_integer(row[1]);
    INFO("iter " << iter);
    const bool evaluated = iter == 0 || iter == 3 || iter == 6 || iter == 7;
    CHECK(row[train_loss].empty() == !evaluated);
  }
}

TEST_CASE("run: a quadratic problem's trace has no evaluation columns", "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto r = run_biasbound({"run", "--problem", "quadratic:d=10", "--estimator", "topk:k=2",
                                "--workers", "3", "--gamma", "0.5", "--beta", "0.5", "--iters", "4",
                                "--out", out.string(), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto csv = read_csv(out / "trace.csv");
  CHECK(csv.header == "seed,iter,f,grad_norm2,bits_up,bits_down");
  REQUIRE(csv.rows.size() == 5);
  for (const auto& row : csv.rows) CHECK(row.size() == 6);
  // Cumulative bits before x_k: k rounds × 3 workers × 2 (index, value) pairs; x is 10 floats.
  for (std::size_t k = 0; k < 5; ++k) {
    CHECK(std::stod(csv.rows[k][4]) == k * 3 * 2 * (32 + 4));
    CHECK(std::stod(csv.rows[k][5]) == k * 3 * 32 * 10);
  }
  const auto j = read_json(out / "run.json");
  CHECK(j.at("status") == "completed");
  // topk without a source stage uses the exact gradient: 4 rounds x 3 workers x 2 pairs.
  CHECK(j.at("communication").at("bytes_up").get<double>() == 4 * 3 * 2 * (32 + 4) / 8.0);
}

TEST_CASE("run --init: first is accepted and recorded and bogus is an error naming --init",
          "[cli]") {
  TempDir tmp;
  const auto zero_dir = tmp / "zero";
  const auto first_dir = tmp / "first";
  const auto zero = run_biasbound(plus(reference_args(zero_dir), {"--init", "zero"}));
  const auto first = run_biasbound(plus(reference_args(first_dir), {"--init", "first"}));
  INFO(zero.err << first.err);
  REQUIRE(zero.exit_code == 0);
  REQUIRE(first.exit_code == 0);
  CHECK(read_json(zero_dir / "run.json").at("config").at("init") == "zero");
  CHECK(read_json(first_dir / "run.json").at("config").at("init") == "first");
  CHECK(has(first.out, "init=first"));

  // Same start point, but v_0 = g_0 instead of beta g_0 changes the iterate from x_1 on.
  const auto z = read_csv(zero_dir / "trace.csv");
  const auto f = read_csv(first_dir / "trace.csv");
  REQUIRE(z.rows.size() == f.rows.size());
  CHECK(z.rows.at(0)[2] == f.rows.at(0)[2]);
  CHECK(z.rows.at(1)[2] != f.rows.at(1)[2]);

  SECTION("--init bogus") {
    const auto bad_dir = tmp / "bogus";
    const auto bad = run_biasbound(plus(reference_args(bad_dir), {"--init", "bogus"}));
    INFO(bad.err);
    CHECK(bad.exit_code == 2);
    const auto errors = lines_containing(bad.err, "error");
    REQUIRE(errors.size() == 1);
    CHECK(has(errors[0], "biasbound: error:"));
    CHECK(has(errors[0], "--init"));
    CHECK(has(errors[0], "bogus"));
    CHECK_FALSE(fs::exists(bad_dir / "trace.csv"));
    CHECK_FALSE(fs::exists(bad_dir / "run.json"));
  }
}

TEST_CASE("help: the program help lists run and run --help lists every option", "[cli]") {
  SECTION("biasbound --help") {
    const auto r = run_biasbound({"--help"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(std::regex_search(r.out, std::regex("\\brun\\b")));
    CHECK(has(r.out, "--help"));
  }
  SECTION("biasbound run --help") {
    const auto r = run_biasbound({"run", "--help"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    for (const char* option :
         {"--problem", "--estimator", "--workers", "--gamma", "--beta", "--iters", "--seeds",
          "--seed", "--out", "--init", "--threads", "--eval-every", "--json", "--quiet"}) {
      INFO("option " << option);
      CHECK(std::regex_search(r.out, std::regex(std::string(option) + "\\b")));
    }
  }
}

TEST_CASE("run: bad input exits 2 with one error line naming the input and writes no trace",
          "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const std::string bad_svm = (tmp / "bad.svm").string();
  write_text(bad_svm, "+1 1:0.5 2:1\n-1 1:nan 3:2\n+1 2:0.25\n");
  const auto empty_dir = tmp / "empty-fmnist";
  fs::create_directory(empty_dir);

  struct Case {
    std::string name;
    std::string problem;
    std::string estimator;
    Args extra;  // overrides of the default options, appended before the defaults are checked
    std::vector<std::string> expected;  // substrings of the error line
  };
  const std::string quadratic = "quadratic:d=10";
  const std::vector<Case> cases = {
      {"malformed problem spec", "quadratic:d", "exact", {}, {"quadratic:d", "key=value"}},
      {"unknown problem name",
       "cubic:d=3",
       "exact",
       {},
       {"cubic", "accepted", "quadratic", "logistic"}},
      {"unknown problem key", "quadratic:dd=3", "exact", {}, {"dd", "accepted"}},
      {"unknown estimator stage", quadratic, "randomk:k=3", {}, {"randomk", "accepted", "topk"}},
      {"topk k > d", quadratic, "topk:k=11", {}, {"topk:k=11", "11", "10"}},
      {"topk frac = 0", quadratic, "topk:frac=0", {}, {"topk:frac=0", "frac"}},
      {"minibatch on a quadratic", quadratic, "minibatch:b=8", {}, {"minibatch", "quadratic"}},
      {"missing LIBSVM file",
       "logistic:data=libsvm,path=/nonexistent.svm",
       "exact",
       {},
       {"/nonexistent.svm"}},
      {"LIBSVM file with a nan value",
       "logistic:data=libsvm,path=" + bad_svm,
       "exact",
       {},
       {bad_svm + ":2", "nan"}},
      {"empty Fashion-MNIST directory",
       "logistic:data=fashion-mnist,dir=" + empty_dir.string(),
       "exact",
       {},
       {empty_dir.string()}},
      {"--gamma 0", quadratic, "exact", {"--gamma", "0"}, {"--gamma"}},
      {"--gamma -1", quadratic, "exact", {"--gamma", "-1"}, {"--gamma", "-1"}},
      {"--beta 0", quadratic, "exact", {"--beta", "0"}, {"--beta"}},
      {"--beta 1.5", quadratic, "exact", {"--beta", "1.5"}, {"--beta", "1.5"}},
      {"--iters 0", quadratic, "exact", {"--iters", "0"}, {"--iters"}},
      {"--workers 0", quadratic, "exact", {"--workers", "0"}, {"--workers"}},
      {"--seeds 0", quadratic, "exact", {"--seeds", "0"}, {"--seeds"}},
  };

  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto option = [&](const std::string& name, const std::string& fallback) {
        for (std::size_t i = 0; i + 1 < c.extra.size(); i += 2)
          if (c.extra[i] == name) return c.extra[i + 1];
        return fallback;
      };
      const auto r =
          run_biasbound({"run", "--problem", c.problem, "--estimator", c.estimator, "--workers",
                         option("--workers", "4"), "--gamma", option("--gamma", "0.5"), "--beta",
                         option("--beta", "0.5"), "--iters", option("--iters", "5"), "--seeds",
                         option("--seeds", "1"), "--out", out.string(), "--quiet"});
      INFO(r.command << "\nstdout: " << r.out << "\nstderr: " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      REQUIRE(lines_of(r.err).size() == 1);
      const auto errors = lines_containing(r.err, "error");
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].rfind("biasbound: error: ", 0) == 0);
      for (const auto& part : c.expected) {
        INFO("expected in the message: " << part);
        CHECK(has(errors[0], part));
      }
      CHECK_FALSE(fs::exists(out / "trace.csv"));
      CHECK_FALSE(fs::exists(out / "run.json"));
    }
  }
}

TEST_CASE("run: command-line parse errors exit 2 before running", "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  SECTION("missing required --problem") {
    const auto r = run_biasbound({"run", "--estimator", "exact", "--workers", "2", "--gamma", "0.5",
                                  "--beta", "0.5", "--iters", "3", "--out", out.string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "--problem"));
  }
  SECTION("unknown option") {
    const auto r = run_biasbound({"run", "--problem", "quadratic:d=10", "--estimator", "exact",
                                  "--workers", "2", "--gamma", "0.5", "--beta", "0.5", "--iters",
                                  "3", "--out", out.string(), "--bogus-option"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, "--bogus-option"));
  }
  SECTION("no subcommand") {
    const auto r = run_biasbound({});
    INFO(r.err);
    CHECK(r.exit_code == 2);
  }
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("run: a diverged run exits 3 naming the iteration and keeps trace.csv and run.json",
          "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto r = run_biasbound({"run", "--problem", "quadratic:d=10,L=1,mu=0.1", "--estimator",
                                "exact", "--workers", "4", "--gamma", "50", "--beta", "1",
                                "--iters", "200", "--out", out.string(), "--quiet", "--json"});
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 3);

  const auto err_lines = lines_of(r.err);
  REQUIRE(err_lines.size() == 1);
  const std::string message = err_lines[0];
  CHECK(message.rfind("biasbound: error: ", 0) == 0);
  std::smatch match;
  REQUIRE(std::regex_search(message, match, std::regex("seed 1 diverged at iteration ([0-9]+)")));
  const long long n = std::stoll(match[1]);
  CHECK(n > 0);
  CHECK(n < 200);
  CHECK(has(message, "trace.csv"));

  // io/run_folder.cpp writes row k, then stops at k when f(x_k) or the gradient is not finite
  // ("iteration k", the row holds the non-finite value) or when x_{k+1} is not finite
  // ("iteration k+1", all rows finite).
  REQUIRE(fs::is_regular_file(out / "trace.csv"));
  const auto csv = read_csv(out / "trace.csv");
  CHECK(csv.header == "seed,iter,f,grad_norm2,bits_up,bits_down");
  REQUIRE_FALSE(csv.rows.empty());
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    INFO("trace row " << i + 2);
    REQUIRE(csv.rows[i].size() == 6);
    CHECK(to_integer(csv.rows[i][0]) == 1);
    CHECK(to_integer(csv.rows[i][1]) == static_cast<long long>(i));
    if (i + 1 < csv.rows.size()) {
      CHECK(std::isfinite(to_double(csv.rows[i][2])));
      CHECK(std::isfinite(to_double(csv.rows[i][3])));
    }
  }
  const auto& last = csv.rows.back();
  const long long last_iter = to_integer(last[1]);
  const bool last_finite = std::isfinite(to_double(last[2])) && std::isfinite(to_double(last[3]));
  if (has(message, "is not finite")) {
    CHECK(has(message, "iterate x_" + std::to_string(n)));
    CHECK(last_finite);
    CHECK(last_iter == n - 1);
  } else {
    CHECK(has(message, "f(x_" + std::to_string(n) + ")"));
    CHECK_FALSE(last_finite);
    CHECK(last_iter == n);
  }
  // Values grow before they overflow: the trace is the real divergence, not an empty file.
  CHECK(std::abs(to_double(csv.rows.at(csv.rows.size() - 2)[2])) > 1e100);

  REQUIRE(fs::is_regular_file(out / "run.json"));
  const auto j = read_json(out / "run.json");
  CHECK(j.at("status") == "diverged");
  REQUIRE(j.contains("divergence"));
  CHECK(has(message, j.at("divergence").get<std::string>()));
  REQUIRE(j.at("results").size() == 1);
  const auto& result = j.at("results").at(0);
  CHECK(result.at("seed") == 1);
  CHECK_FALSE(result.contains("final"));
  CHECK(result.at("iterations").get<long long>() == last_iter);
  CHECK(
      has(result.at("diverged").get<std::string>(), "diverged at iteration " + std::to_string(n)));
  CHECK(j.at("communication").at("rounds").get<long long>() == last_iter + 1);

  // --json still prints the record, with the diverged status, on stdout.
  Json printed;
  REQUIRE_NOTHROW(printed = Json::parse(r.out));
  CHECK(printed == j);
}

TEST_CASE("run: seeds are unsigned 64-bit and may not run past the largest", "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  const Args base = {"run", "--problem", "quadratic:d=3", "--estimator", "exact", "--workers",
                     "1",   "--gamma",   "0.1",           "--beta",      "1",     "--iters",
                     "2",   "--out",     out.string(),    "--quiet"};
  const auto big = run_biasbound(plus(base, {"--seed", "9223372036854775808"}));
  REQUIRE(big.exit_code == 0);
  const auto trace = read_csv(out / "trace.csv");
  REQUIRE(!trace.rows.empty());
  CHECK(trace.rows[0][0] == "9223372036854775808");
  CHECK(has(big.out, "seed 9223372036854775808"));

  const auto wrap = run_biasbound(plus(base, {"--seed", "18446744073709551615", "--seeds", "3"}));
  CHECK(wrap.exit_code == 2);
  CHECK(has(wrap.err, "--seed 18446744073709551615 with --seeds 3"));
}

TEST_CASE("run --method: delayed GD through a compressor, its settings in run.json and the bits",
          "[cli]") {
  TempDir tmp;
  const auto out = tmp / "out";
  // d = 10, 2 workers, top-2 messages, a fixed delay of 3 rounds.
  const Args args = {"run",       "--method",   "delayed-gd",   "--problem", "quadratic:d=10",
                     "--workers", "2",          "--compressor", "topk:k=2",  "--tau",
                     "3",         "--gamma",    "0.5",          "--iters",   "12",
                     "--out",     out.string(), "--quiet"};
  const auto r = run_biasbound(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(has(r.out, "method    delayed-gd, compressor=topk:k=2 gamma=0.5 tau=3 staleness=fixed"));
  const auto config = read_json(out / "run.json").at("config");
  CHECK(config.at("method") == "delayed-gd");
  CHECK(config.at("compressor") == "topk:k=2");
  CHECK(config.at("tau") == 3);
  CHECK(config.at("staleness") == "fixed");
  CHECK_FALSE(config.contains("beta"));       // delayed GD has no momentum
  CHECK_FALSE(config.contains("estimator"));  // nor an estimator: it sends C(∇f_i)
  // Every round each worker sends 2 (value, index) pairs: bits_up before x_k is k × 2 × 2 × 36.
  const auto csv = read_csv(out / "trace.csv");
  const auto bits_up = csv.column("bits_up");
  for (std::size_t k = 0; k < csv.rows.size(); ++k)
    CHECK(to_double(csv.rows[k][bits_up]) == double(k) * 2 * 2 * (32 + index_bits(10)));

  SECTION("iag: one worker refreshes its message per step, the order recorded") {
    Args iag = args;
    iag[2] = "iag";
    iag.erase(iag.begin() + 9, iag.begin() + 11);  // no --tau
    iag.insert(iag.end(), {"--order", "cyclic", "--force"});
    const auto run = run_biasbound(iag);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto iag_config = read_json(out / "run.json").at("config");
    CHECK(iag_config.at("method") == "iag");
    CHECK(iag_config.at("order") == "cyclic");
    CHECK_FALSE(iag_config.contains("tau"));
  }
  SECTION("an unknown --method is one error naming the flag") {
    Args bad = args;
    bad[2] = "bogus";
    const auto e = run_biasbound(bad);
    CHECK(e.exit_code == 2);
    CHECK(has(e.err, "--method"));
    CHECK(has(e.err, "delayed-gd"));  // the accepted names are listed
  }
  SECTION("ef-sgd without --compressor is one error naming --compressor") {
    Args bad = args;
    bad[2] = "ef-sgd";
    bad.erase(bad.begin() + 7, bad.begin() + 9);
    const auto e = run_biasbound(bad);
    CHECK(e.exit_code == 2);
    CHECK(has(e.err, "--compressor"));
  }
}

TEST_CASE(
    "run --schedule: the stages are run, recorded in run.json, and --iters defaults to "
    "their sum",
    "[cli][schedule]") {
  TempDir tmp;
  const Args base = {"run", "--problem", "quadratic:d=10,L=1,mu=0.1", "--workers", "2", "--quiet"};
  const auto staged = tmp / "staged";
  const auto r = run_biasbound(plus(base, {"--schedule", "5:0.5,7:0.1", "--out", staged.string()}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(has(r.out, "gamma=[[5,0.5],[7,0.1]]"));
  const auto config = read_json(staged / "run.json").at("config");
  CHECK(config.at("gamma") == Json::parse("[[5, 0.5], [7, 0.1]]"));
  CHECK(config.at("iters") == 12);
  // Through stage 1 the trace is the constant step's; after it, not.
  const auto constant = tmp / "constant";
  REQUIRE(run_biasbound(plus(base, {"--gamma", "0.5", "--iters", "12", "--out", constant.string()}))
              .exit_code == 0);
  const auto a = read_csv(staged / "trace.csv"), b = read_csv(constant / "trace.csv");
  const auto f = a.column("f");
  REQUIRE(a.rows.size() == 13);
  for (std::size_t k = 0; k <= 5; ++k) CHECK(a.rows[k][f] == b.rows[k][f]);
  CHECK(a.rows[6][f] != b.rows[6][f]);

  SECTION("bad schedules and flag combinations are one error each, and write nothing") {
    const auto out = tmp / "bad";
    for (const auto& [extra, expected] : std::vector<std::pair<Args, std::string>>{
             {{"--schedule", "5:0.5,7:0.1", "--iters", "10"},
              "--schedule 5:0.5,7:0.1 runs Σ T_s = 12 iterations but --iters = 10"},
             {{"--schedule", "5:0.5,7:-1"}, "stage 2 '7:-1' has γ = '-1'"},
             {{"--schedule", "5:0.5", "--gamma", "0.5"}, "--gamma excludes --schedule"},
             {{"--iters", "5"}, "give the step: --gamma G, or --schedule"},
             {{"--gamma", "0.5"}, "--iters is required with --gamma"}}) {
      const auto e = run_biasbound(plus(plus(base, extra), {"--out", out.string()}));
      INFO(e.command);
      CHECK(e.exit_code == 2);
      CHECK(has(e.err, expected));
      CHECK_FALSE(fs::exists(out));
    }
  }
}
