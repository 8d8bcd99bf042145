// End-to-end tests of `biasbound measure`.

#include <catch2/catch.hpp>

#include "cli_helpers.hpp"

using namespace biasbound::cli_test;

namespace {
const std::vector<std::string> kMeasure = {"measure",
                                           "--problem",
                                           "logistic:data=synthetic,n=200,d=8",
                                           "--estimator",
                                           "minibatch:b=4+topk:k=2",
                                           "--workers",
                                           "3",
                                           "--points",
                                           "6",
                                           "--samples",
                                           "40",
                                           "--quiet"};

std::vector<std::string> with(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}
}  // namespace

TEST_CASE("measure prints the constants table and writes measure.json and pairs.csv",
          "[cli][measure]") {
  TempDir tmp;
  const auto r = run_biasbound(with(kMeasure, {"--out", (tmp / "m").string()}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("m (zeta2=0)") != std::string::npos);
  CHECK(r.out.find("analytic:") != std::string::npos);
  CHECK(r.out.find("probed region") != std::string::npos);
  const auto json = read_json(tmp / "m" / "measure.json");
  CHECK(json["points"] == 6);
  CHECK(json["samples"] == 40);
  CHECK(json["confidence"] == 0.99);
  // At x* (∇f = 0) the bias's upper limit is positive, so no finite m with ζ² = 0 covers it.
  CHECK(json["bias"]["m_only"].is_null());
  CHECK(json["bias"]["zeta2_only"].get<double>() > 0);
  CHECK(json["variance"]["sigma2_only"].get<double>() > 0);
  CHECK(json["hetero"]["theta2"].get<double>() >= 0);
  CHECK(json["analytic"]["stages"][1]["stage"] == "topk");
  const auto pairs = read_csv(tmp / "m" / "pairs.csv");
  CHECK(pairs.rows.size() == 6);
}

TEST_CASE("measure --json prints measure.json's content", "[cli][measure]") {
  const auto r = run_biasbound(with(kMeasure, {"--json"}));
  REQUIRE(r.exit_code == 0);
  const auto json = nlohmann::json::parse(r.out);
  CHECK(json["mode"] == "probe-points");
  CHECK(json["bias"]["frontier"].is_array());
}

TEST_CASE("measure rejects bad settings with exit 2", "[cli][measure]") {
  for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
           {"--samples", "2"}, {"--confidence", "1"}, {"--probes", "moon"}, {"--points", "0"}}) {
    INFO(option << " " << value);
    const auto r = run_biasbound(with(kMeasure, {option, value}));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(option) != std::string::npos);
  }
}
