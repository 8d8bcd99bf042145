// End-to-end tests of `biasbound theorems`, `explain` and `check`: the real binary, its exit
// codes, stdout and stderr.

#include <catch2/catch.hpp>

#include <set>

#include "../apps/cli_helpers.hpp"

namespace {

using namespace biasbound::cli_test;
using Json = nlohmann::json;
using Args = std::vector<std::string>;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The hand-computed momentum-nonconvex point: γ_max = 1/32, residual 0.244, bound 480/T + 0.244.
const Args kMomentumCheck = {"check",   "--theorem", "momentum-nonconvex",
                             "--L",     "2",         "--M",
                             "1",       "--m",       "0.5",
                             "--zeta2", "0.1",       "--sigma2",
                             "0.4",     "--beta",    "0.5",
                             "--gamma", "0.025",     "--F0",
                             "3",       "--T",       "100",
                             "--eps",   "1"};

Args plus(Args args, const Args& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_CASE("theorems --json lists every catalog id with constants and provenance", "[cli][theory]") {
  const auto r = run_biasbound({"theorems", "--json"});
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto list = Json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& entry : list) {
    ids.insert(entry["id"].get<std::string>());
    CHECK(entry["provenance"].get<std::string>().front() == '[');
    CHECK_FALSE(entry["constants"].empty());
    CHECK(entry["parameters"][0] == "gamma");
    CHECK(entry["method"].is_string());
  }
  CHECK(ids == std::set<std::string>{"biased-sgd-nonconvex", "biased-sgd-pl", "momentum-nonconvex",
                                     "momentum-pl", "compressed-gd-contraction",
                                     "unbiased-compressed-gd", "delayed-compressed-gd-pl",
                                     "block-coordinate-pl", "iag-pl", "ef-sgd-nonconvex",
                                     "mdsgd-nonconvex"});
  CHECK(list.size() == 16);  // five ids have a PL and a nonconvex statement

  const auto table = run_biasbound({"theorems"});
  REQUIRE(table.exit_code == 0);
  CHECK(has(table.out, "[form of Karimireddy et al. 2019, Thm II]"));
}

TEST_CASE("explain prints the statement, constants, update and quantity", "[cli][theory]") {
  const auto r = run_biasbound({"explain", "momentum-nonconvex"});
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* part :
       {"Statement", "γ ≤ β/(4L(1 + M))", "v_k = (1 − β)v_{k−1} + βg_k", "v₋₁ = 0",
        "avg_grad_norm2", "relative bias", "Why it holds", "[derived]"})
    CHECK(has(r.out, part));
  const auto both = run_biasbound({"explain", "delayed-compressed-gd-pl"});
  CHECK(has(both.out, "pl statement"));
  CHECK(has(both.out, "nonconvex statement"));
  const auto unknown = run_biasbound({"explain", "sgd"});
  CHECK(unknown.exit_code == 2);
  CHECK(has(unknown.err, "biasbound: error: unknown theorem 'sgd'"));
}

TEST_CASE("check --json reports the hand-computed numbers", "[cli][theory]") {
  const auto r = run_biasbound(plus(kMomentumCheck, {"--json"}));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = Json::parse(r.out);
  CHECK(j["theorem"] == "momentum-nonconvex");
  CHECK(j["admissible"] == true);
  CHECK(j["conditions"][0]["holds"] == true);
  CHECK(j["conditions"][0]["certified"] == true);
  CHECK(j["gamma_max"] == 0.03125);
  CHECK(j["residual"].get<double>() == Approx(0.244).epsilon(1e-15));
  CHECK(j["bound_T"].get<double>() == Approx(5.044).epsilon(1e-15));
  CHECK(j["iterations_to_eps"] == 635);
  CHECK(j["gamma_best"] == 0.03125);
}

TEST_CASE("check prints a condition table and a verdict", "[cli][theory]") {
  const auto r = run_biasbound(kMomentumCheck);
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(has(r.out, "ADMISSIBLE: every condition holds (decided exactly)"));
  CHECK(has(r.out, "slack"));
  CHECK(r.err.empty());
}

TEST_CASE("check: a missing constant lists what the theorem needs (exit 2)", "[cli][theory]") {
  const auto r = run_biasbound(
      {"check", "--theorem", "momentum-pl", "--L", "1", "--gamma", "0.1", "--beta", "0.5"});
  INFO(r.command);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err,
            "biasbound: error: momentum-pl (pl) needs the constants --L --mu --m --zeta2 "
            "--M --sigma2 and the parameters --gamma --beta; missing: --mu --m --zeta2 "
            "--M --sigma2"));
  CHECK(r.out.empty());
}

TEST_CASE("check: an impossible or non-numeric value is named (exit 2)", "[cli][theory]") {
  for (const auto& [flag, value, part] :
       {std::tuple{"--m", "1", "--m = 1 is impossible"},
        std::tuple{"--sigma2", "-1", "--sigma2 = -1 is impossible"},
        std::tuple{"--beta", "1.5", "--beta = 1.5 is impossible"},
        std::tuple{"--gamma", "0", "--gamma = 0 is impossible"},
        std::tuple{"--L", "two", "--L 'two' is not a number"}}) {
    Args args = kMomentumCheck;
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
      if (args[i] == flag) args[i + 1] = value;
    const auto r = run_biasbound(args);
    INFO(r.command << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, part));
  }
}

TEST_CASE("check --constants picks the frontier point and says which", "[cli][theory]") {
  TempDir dir;
  const auto file = dir.write("measure.json", R"({
    "bias": {"m_only": 0.5, "zeta2_only": 0.4, "frontier": [{"m": 0.2, "zeta2": 0.1}]},
    "variance": {"M_only": 3.0, "sigma2_only": 2.0, "frontier": [{"M": 1.0, "sigma2": 0.5}]},
    "hetero": {"theta2": 0.0}, "points": 24, "samples": 200, "confidence": 0.99})");
  // γ = 0.3, L = 1: residual (ζ² + 0.3σ²)/(1 − m) is smallest (0.3) at m_only with M = 1.
  const auto r = run_biasbound({"check", "--theorem", "biased-sgd-nonconvex", "--L", "1", "--gamma",
                                "0.3", "--constants", file.string(), "--json"});
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = Json::parse(r.out);
  CHECK(j["constants_file"]["bias"]["point"] == "bias.m_only");
  CHECK(j["constants_file"]["variance"]["point"] == "variance.frontier[0]");
  CHECK(j["residual"].get<double>() == Approx(0.3).epsilon(1e-15));
  CHECK(j["inputs"]["m"]["source"].get<std::string>().find("bias.m_only") != std::string::npos);
  CHECK(has(j["notes"][0].get<std::string>(), "chose bias.m_only"));
}

}  // namespace

namespace {

const Args kCompressedGd = {"check", "--theorem", "unbiased-compressed-gd",
                            "--L",   "1",         "--mu",
                            "0.01",  "--F0",      "10",
                            "--eps", "0.001",     "--d",
                            "1000",  "--workers", "8"};

}  // namespace

TEST_CASE("check --compressor reports bits to eps and takes alpha from the closed form",
          "[cli][theory][bits]") {
  const auto r = run_biasbound(plus(
      kCompressedGd, {"--compressor", "randk:k=100,scaled=true", "--gamma", "best", "--json"}));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = Json::parse(r.out);
  CHECK(j["inputs"]["alpha"]["exact"] == "10");
  CHECK(has(j["inputs"]["alpha"]["source"].get<std::string>(), "closed form of randk"));
  CHECK(j["inputs"]["gamma"]["value"].get<double>() == Approx(0.1));
  const auto iterations = j["iterations_to_eps"].get<long long>();
  CHECK(j["bits_to_eps"]["uplink"].get<long long>() == iterations * 8 * 100 * (32 + 10));
  CHECK(j["bits_to_eps"]["downlink"].get<long long>() == iterations * 8 * 32 * 1000);
}

TEST_CASE("check --compressors prints one row per compressor against fp32", "[cli][theory][bits]") {
  const auto r = run_biasbound(plus(
      kCompressedGd, {"--gamma", "best", "--compressors", "qsgd:s=4,topk:k=50,sign", "--json"}));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = Json::parse(r.out);
  REQUIRE(j["rows"].size() == 4);
  CHECK(j["rows"][0]["compressor"] == "identity");
  CHECK(j["rows"][2]["check"]["theorem"] == "compressed-gd-contraction");
  CHECK(j["rows"][3]["covered"] == false);
  const auto text =
      run_biasbound(plus(kCompressedGd, {"--gamma", "best", "--compressors", "qsgd:s=4"}));
  CHECK(has(text.out, "total × fp32"));
  CHECK(has(text.out, "qsgd:s=4"));
}

TEST_CASE("check --compressor without --d is refused (exit 2)", "[cli][theory][bits]") {
  const auto r = run_biasbound({"check", "--theorem", "unbiased-compressed-gd", "--L", "1",
                                "--alpha", "2", "--gamma", "0.1", "--compressor", "qsgd:s=2"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--d"));
}

namespace {
// The hand-checked two-stage schedule of stagewise_bound_test.cpp: F₂ = 512447/262144.
const Args kScheduleCheck = {
    "check",   "--theorem", "biased-sgd-pl", "--L", "1",        "--mu", "0.25", "--m", "0",
    "--zeta2", "0",         "--M",           "0",   "--sigma2", "1"};
const Args kF0 = {"--F0", "1"};

TEST_CASE("check --schedule prints each stage and the composed bound", "[cli][theory][schedule]") {
  const auto r =
      run_biasbound(plus(plus(kScheduleCheck, kF0), {"--schedule", "2:0.5,3:0.25", "--json"}));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = Json::parse(r.out);
  CHECK(j["T"] == 5);
  CHECK(j["schedule"]["text"] == "2:0.5,3:0.25");
  CHECK(j["schedule"]["admissible"] == true);
  CHECK(j["schedule"]["bound_T"].get<double>() == Approx(512447.0 / 262144).epsilon(1e-15));
  REQUIRE(j["schedule"]["stages"].size() == 2);
  CHECK(j["schedule"]["stages"][1]["rate"].get<double>() == Approx(15.0 / 16).epsilon(1e-15));
  CHECK(j["schedule"]["stages"][1]["residual"].get<double>() == Approx(0.5).epsilon(1e-15));
  CHECK(j["schedule"]["stages"][1]["start_bound"].get<double>() ==
        Approx(113.0 / 64).epsilon(1e-15));
  const auto text = run_biasbound(plus(plus(kScheduleCheck, kF0), {"--schedule", "2:0.5,3:0.25"}));
  CHECK(has(text.out, "stagewise"));
  CHECK(has(text.out, "composed   1.95483017 at T = 5"));
}

TEST_CASE("check --schedule: an inadmissible stage exits 4 and is named",
          "[cli][theory][schedule]") {
  const auto r = run_biasbound(plus(plus(kScheduleCheck, kF0), {"--schedule", "2:0.5,3:2"}));
  INFO(r.command << "\nstderr: " << r.err);
  CHECK(r.exit_code == 4);
  CHECK(has(r.out, "NOT ADMISSIBLE: stage 2 fails: step size"));
}

TEST_CASE("check --schedule: bad input names the flag (exit 2)", "[cli][theory][schedule]") {
  for (const auto& [extra, part] :
       {std::pair{Args{"--schedule", "2:0.5,x:0.1"}, "--schedule: stage 2 'x:0.1'"},
        std::pair{Args{"--schedule", "2:0.5", "--T", "3"}, "--T = 3 but --schedule"},
        std::pair{Args{"--schedule", "2:0.5", "--gamma", "0.5"}, "--schedule gives each stage"},
        std::pair{Args{"--suggest-schedule"}, "--suggest-schedule needs --T"}}) {
    const auto r = run_biasbound(plus(plus(kScheduleCheck, kF0), extra));
    INFO(r.command << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, part));
  }
  const auto nonconvex =
      run_biasbound({"check", "--theorem", "biased-sgd-nonconvex", "--L", "1", "--m", "0",
                     "--zeta2", "0", "--M", "0", "--sigma2", "1", "--schedule", "2:0.5"});
  CHECK(nonconvex.exit_code == 2);
  CHECK(has(nonconvex.err, "does not compose"));
}

TEST_CASE("check --suggest-schedule says by how much it beats the best constant step",
          "[cli][theory][schedule]") {
  const auto r = run_biasbound(
      plus(kScheduleCheck, {"--F0", "100", "--T", "10000", "--suggest-schedule", "--json"}));
  INFO(r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = Json::parse(r.out);
  const auto& s = j["suggested_schedule"];
  REQUIRE(s["beats_constant"] == true);
  CHECK(s["improvement"].get<double>() > 1);
  CHECK(s["constant_gamma"] == j["gamma_best"]);
  // Pasting the suggestion back reports the same bound.
  const auto pasted = run_biasbound(plus(
      kScheduleCheck, {"--F0", "100", "--schedule", s["schedule"].get<std::string>(), "--json"}));
  REQUIRE(pasted.exit_code == 0);
  CHECK(Json::parse(pasted.out)["schedule"]["bound_T"] == s["bound_T"]);
}

}  // namespace
