// Bad input and resource limits end to end: every class of input that used to crash, hang,
// run out of memory, write NaN, exit with "internal error" or print a misleading message now
// exits 2 with one line "biasbound: error: ..." naming the input, and writes nothing.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace {

using namespace biasbound::cli_test;
using Args = std::vector<std::string>;
using Json = nlohmann::json;

// Low enough that every "cannot fit" case below exceeds it on any machine, high enough for the
// binary itself (ulimit -v, in kB).
constexpr long kFourGigabytes = 4L * 1000 * 1000;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `biasbound run` of `problem` with small defaults; `more` replaces a default flag's value or
// adds a flag.
Args run_args(const std::string& problem, const fs::path& out, const Args& more = {}) {
  Args args = {"run", "--problem", problem,      "--estimator", "exact", "--workers",
               "2",   "--gamma",   "0.1",        "--beta",      "1",     "--iters",
               "5",   "--out",     out.string(), "--quiet"};
  for (std::size_t i = 0; i + 1 < more.size(); i += 2) {
    const auto flag = std::find(args.begin(), args.end(), more[i]);
    if (flag != args.end())
      *(flag + 1) = more[i + 1];
    else
      args.insert(args.end(), {more[i], more[i + 1]});
  }
  return args;
}

// Exit 2, nothing on stdout, one stderr line starting "biasbound: error: " holding every part.
void expect_input_error(const CommandResult& r, const std::vector<std::string>& parts) {
  INFO(r.command << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  const auto lines = lines_of(r.err);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("biasbound: error: ", 0) == 0);
  CHECK_FALSE(has(lines[0], "internal error"));
  for (const auto& part : parts) {
    INFO("expected in the message: " << part);
    CHECK(has(lines[0], part));
  }
}

const char* const kScenario = R"(theorem = "biased-sgd-pl"
[problem]
spec = "quadratic:d=10,L=1,mu=0.1"
[estimator]
spec = "topk:k=3"
[method]
iterations = 40
seeds = 2
[measure]
points = 4
samples = 8
)";

}  // namespace

TEST_CASE("a LIBSVM file with labels and no features exits 2 naming the file", "[cli][bad]") {
  TempDir tmp;
  const auto svm = tmp.write("labels.svm", "+1\n-1\n+1\n-1\n");
  const auto r = run_biasbound(run_args("logistic:data=libsvm,path=" + svm.string(), tmp / "o"));
  expect_input_error(r, {svm.string(), "no features"});
  CHECK_FALSE(fs::exists(tmp / "o"));
}

TEST_CASE("sizes that cannot fit in memory are refused up front naming the input", "[cli][bad]") {
  if (kAddressSanitizer) {
    WARN("skipped in the AddressSanitizer build, which cannot run under ulimit -v");
    return;
  }
  TempDir tmp;
  SECTION("a LIBSVM feature index of 1e9") {
    const auto svm = tmp.write("wide.svm", "+1 1000000000:1\n-1 1:1\n+1 2:1\n-1 3:1\n");
    const auto r = run_biasbound(run_args("logistic:data=libsvm,path=" + svm.string(), tmp / "o"),
                                 kFourGigabytes);
    expect_input_error(r, {svm.string(), "1000000000 features", "needs at least", "available"});
    CHECK_FALSE(fs::exists(tmp / "o" / "trace.csv"));
  }
  SECTION("synthetic n = 1e8") {
    const auto r =
        run_biasbound(run_args("logistic:data=synthetic,n=1e8", tmp / "o"), kFourGigabytes);
    expect_input_error(r, {"n=100000000", "needs at least", "available"});
  }
  SECTION("measure --points 1e8") {
    const auto r = run_biasbound(
        {"measure", "--problem", "quadratic:d=10", "--estimator", "topk:k=2", "--workers", "2",
         "--points", "1e8", "--out", (tmp / "m").string(), "--quiet"},
        kFourGigabytes);
    expect_input_error(r, {"--points 100000000", "needs at least"});
    CHECK_FALSE(fs::exists(tmp / "m"));
  }
  SECTION("validate with iterations = 1e9") {
    const auto scenario = tmp.write("long.toml", kScenario);
    const auto r = run_biasbound({"validate", scenario.string(), "--set", "iterations=1000000000",
                                  "--out", (tmp / "v").string(), "--quiet", "--no-plots"},
                                 kFourGigabytes);
    expect_input_error(r, {"method.iterations = 1000000000", "needs at least"});
    CHECK_FALSE(fs::exists(tmp / "v"));
  }
}

TEST_CASE("flag --threads 100000 is capped at the workers instead of hanging", "[cli][bad]") {
  TempDir tmp;
  const auto r = run_biasbound(run_args("quadratic:d=5", tmp / "o", {"--threads", "100000"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_json(tmp / "o" / "run.json").at("config").at("threads") == 2);
  const auto m = run_biasbound({"measure", "--problem", "quadratic:d=5", "--estimator", "topk:k=2",
                                "--workers", "2", "--points", "3", "--samples", "8", "--threads",
                                "100000", "--json", "--quiet"});
  INFO(m.err);
  REQUIRE(m.exit_code == 0);
  CHECK(Json::parse(m.out).at("config").at("threads") == 2);
}

TEST_CASE("data values that overflow f are rejected naming the file", "[cli][bad]") {
  TempDir tmp;
  const auto svm =
      tmp.write("huge.svm", "+1 1:1e308 2:1\n-1 1:1e308 2:2\n+1 1:1 2:1\n-1 1:2 2:1e308\n");
  expect_input_error(
      run_biasbound(run_args("logistic:data=libsvm,path=" + svm.string(), tmp / "o")),
      {svm.string(), "too large"});
}

TEST_CASE("n_test = -1 is an error and n_test = 0 gives absent test metrics, never nan",
          "[cli][bad]") {
  TempDir tmp;
  expect_input_error(run_biasbound(run_args("logistic:data=synthetic,n=60,n_test=-1", tmp / "a")),
                     {"n_test", "-1"});
  const auto r = run_biasbound(run_args("logistic:data=synthetic,n=60,n_test=0", tmp / "b"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(has(r.out, "nan"));
  const auto trace = read_text(tmp / "b" / "trace.csv");
  CHECK_FALSE(has(trace, "nan"));
  const auto csv = read_csv(tmp / "b" / "trace.csv");
  for (const auto& row : csv.rows) CHECK(row.at(csv.column("test_loss")).empty());
  const auto metrics =
      read_json(tmp / "b" / "run.json").at("results").at(0).at("final").at("metrics");
  CHECK(metrics.at("test_loss").is_null());
  CHECK(metrics.at("test_acc").is_null());
}

TEST_CASE("measure --radius: overflow writes nothing, and nan or hex is a parse error",
          "[cli][bad]") {
  TempDir tmp;
  const Args base = {"measure",
                     "--problem",
                     "quadratic:d=5",
                     "--estimator",
                     "topk:k=2",
                     "--workers",
                     "2",
                     "--points",
                     "6",
                     "--samples",
                     "20",
                     "--quiet",
                     "--out",
                     (tmp / "m").string()};
  auto with = [&](const std::string& radius, const Args& more = {}) {
    Args args = base;
    args.insert(args.end(), {"--radius", radius});
    args.insert(args.end(), more.begin(), more.end());
    return run_biasbound(args);
  };
  expect_input_error(with("1e300"), {"--radius 1e+300", "ball probe", "non-finite"});
  CHECK_FALSE(fs::exists(tmp / "m"));
  expect_input_error(with("nan"), {"--radius", "'nan'", "finite decimal"});
  expect_input_error(with("0x10"), {"--radius", "'0x10'"});
  CHECK_FALSE(fs::exists(tmp / "m"));
  // An existing output folder keeps its earlier files when a measurement fails: another radius
  // is refused up front, and with --force they are replaced only once the new ones are ready.
  const auto good = with("0.5");
  INFO(good.err);
  REQUIRE(good.exit_code == 0);
  const auto before = read_text(tmp / "m" / "pairs.csv");
  expect_input_error(with("1e300"), {"radius: 0.5 there, 1e+300 here", "--force"});
  expect_input_error(with("1e300", {"--force"}), {"--radius"});
  CHECK(read_text(tmp / "m" / "pairs.csv") == before);
  CHECK_FALSE(fs::exists(tmp / "m" / ".measure-staging"));
}

TEST_CASE("numeric flags share one decimal grammar: no hex, octal, nan or negative seeds",
          "[cli][bad]") {
  TempDir tmp;
  const auto out = tmp / "o";
  expect_input_error(run_biasbound(run_args("quadratic:d=5", out, {"--gamma", "0x10"})),
                     {"--gamma", "'0x10'"});
  expect_input_error(run_biasbound(run_args("quadratic:d=5", out, {"--gamma", "inf"})),
                     {"--gamma", "'inf'"});
  expect_input_error(run_biasbound(run_args("quadratic:d=5", out, {"--seed", "-1"})),
                     {"--seed", "'-1'", "negative"});
  expect_input_error(run_biasbound(run_args("quadratic:d=5", out, {"--iters", "2.5"})),
                     {"--iters", "whole number"});
  CHECK_FALSE(fs::exists(out / "run.json"));
  // 010 is ten (not octal eight) and 1e1 is a whole number.
  const auto r =
      run_biasbound(run_args("quadratic:d=5", out, {"--iters", "1e1", "--seeds", "010"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto config = read_json(out / "run.json").at("config");
  CHECK(config.at("iters") == 10);
  CHECK(config.at("seeds") == 10);
}

TEST_CASE("a directory where a file is expected and the reverse exit 2, not internal error",
          "[cli][bad]") {
  TempDir tmp;
  const auto file = tmp.write("plain.txt", "x\n");
  fs::create_directory(tmp / "dir");
  expect_input_error(
      run_biasbound({"check", "--theorem", "momentum-nonconvex", "--L", "1", "--gamma", "0.01",
                     "--beta", "0.5", "--constants", (tmp / "dir").string()}),
      {(tmp / "dir").string(), "is a directory"});
  expect_input_error(run_biasbound({"plot", file.string()}), {file.string(), "is a file"});
  expect_input_error(run_biasbound({"report", file.string()}), {file.string(), "is a file"});
  expect_input_error(run_biasbound({"validate", (tmp / "dir").string()}),
                     {(tmp / "dir").string(), "is a directory"});
}

TEST_CASE("a measure.json holding 1e999 names the file and the key", "[cli][bad]") {
  TempDir tmp;
  const auto json = tmp.write("measure.json", R"({"bias": {"m_only": 0.5, "zeta2_only": 1e999},
    "variance": {"M_only": 0, "sigma2_only": 0.1}})");
  expect_input_error(
      run_biasbound({"check", "--theorem", "momentum-nonconvex", "--L", "1", "--gamma", "0.01",
                     "--beta", "0.5", "--constants", json.string()}),
      {"--constants", json.string(), "bias.zeta2_only", "out of range"});
}

TEST_CASE("messages name where a value came from, with readable bounds", "[cli][bad]") {
  TempDir tmp;
  const auto scenario = tmp.write("s.toml", kScenario);
  SECTION("a claimed constant names the --set, not a --m flag nobody gave") {
    const auto r = run_biasbound(
        {"validate", scenario.string(), "--set", "m=2", "--out", (tmp / "v").string(), "--quiet"});
    expect_input_error(r, {"--set m=2", "0 ≤ m < 1"});
    CHECK_FALSE(has(r.err, "--m ="));
    CHECK_FALSE(fs::exists(tmp / "v"));
  }
  SECTION("--seeds 0 gives a short message") {
    const auto r = run_biasbound({"validate", scenario.string(), "--seeds", "0"});
    expect_input_error(r, {"--seeds must be at least 1, got 0"});
    CHECK(r.err.size() < 120);
  }
  SECTION("a reused seed file holding NaN names the file") {
    const auto out = tmp / "v";
    const Args args = {"validate",   scenario.string(), "--out",
                       out.string(), "--quiet",         "--no-plots"};
    const auto first = run_biasbound(args);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    const auto seed = out / "seeds" / "seed-1.csv";
    auto lines = split(read_text(seed), '\n');
    auto cells = split(lines.at(2), ',');
    cells.at(1) = "nan";
    lines.at(2).clear();
    for (const auto& cell : cells) lines.at(2).append(lines.at(2).empty() ? "" : ",").append(cell);
    std::string text;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) text += lines[i] + "\n";
    write_text(seed, text);
    expect_input_error(run_biasbound(args), {seed.string() + ":3", "f = 'nan'"});
  }
}

TEST_CASE("the library names options fields and the command line names their flags", "[cli][bad]") {
  TempDir tmp;
  auto no_field = [](const CommandResult& r) {
    CHECK_FALSE(has(r.err, "RunConfig"));
    CHECK_FALSE(has(r.err, "MeasureConfig"));
  };
  const auto gamma = run_biasbound(run_args("quadratic:d=5", tmp / "o", {"--gamma", "-1"}));
  expect_input_error(gamma, {"--gamma -1: must be a finite number > 0"});
  no_field(gamma);
  const auto beta = run_biasbound(run_args("quadratic:d=5", tmp / "o", {"--beta", "1.5"}));
  expect_input_error(beta, {"--beta 1.5: must be in (0, 1]"});
  no_field(beta);
  const auto seeds = run_biasbound(run_args("quadratic:d=5", tmp / "o", {"--seeds", "0"}));
  expect_input_error(seeds, {"--seeds 0: must be at least 1"});
  no_field(seeds);
  const auto init = run_biasbound(run_args("quadratic:d=5", tmp / "o", {"--init", "bogus"}));
  expect_input_error(init, {"--init: unknown momentum init 'bogus' (accepted: zero, first)"});
  CHECK_FALSE(fs::exists(tmp / "o"));
  auto measure = [&](const Args& more) {
    Args args = {"measure",   "--problem", "quadratic:d=5", "--estimator", "topk:k=2",
                 "--workers", "2",         "--points",      "3",           "--quiet"};
    args.insert(args.end(), more.begin(), more.end());
    return run_biasbound(args);
  };
  const auto samples = measure({"--samples", "2"});
  expect_input_error(samples, {"--samples 2: must be at least 4"});
  no_field(samples);
  const auto probing_beta = measure({"--beta", "0"});
  expect_input_error(probing_beta, {"--beta 0: must be in (0, 1]"});
  no_field(probing_beta);
  const auto probes = measure({"--probes", "ball,moon"});
  expect_input_error(probes, {"--probes: unknown probe 'moon'"});
}

TEST_CASE("plot draws quadratic runs, whose f is negative, without a gnuplot error", "[cli][bad]") {
  TempDir tmp;
  for (const char* beta : {"1", "0.5"}) {
    const auto r =
        run_biasbound({"run", "--problem", "quadratic:d=3", "--estimator", "exact", "--workers",
                       "2", "--gamma", "0.1", "--beta", beta, "--iters", "30", "--seeds", "2",
                       "--out", (tmp / "sweep" / (std::string("b") + beta)).string(), "--quiet"});
    REQUIRE(r.exit_code == 0);
  }
  const auto r = run_biasbound({"plot", (tmp / "sweep").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::is_regular_file(tmp / "sweep" / "figures" / "beta_sweep.svg"));
  CHECK(has(read_text(tmp / "sweep" / "figures" / "beta_sweep.gp"), "f(x_k) − f*"));
}
