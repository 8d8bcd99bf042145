// Bits to reach ε: iterations × workers × bits per message, exactly, up and down separately;
// and `--gamma best`, the step that reaches ε in the fewest iterations.

#include <catch2/catch.hpp>

#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

// unbiased-compressed-gd (PL) at L = 1, μ = 1/10, α = 2, γ = 1/4: the rate is
// 1 − 2μγ(1 − αLγ/2) = 77/80, and (77/80)^T ≤ 1/100 first at T = 121.
CheckArgs unbiased_gd(const std::string& gamma) {
  CheckArgs a;
  a.theorem = "unbiased-compressed-gd";
  a.values = {{Symbol::L, "1"},
              {Symbol::mu, "0.1"},
              {Symbol::alpha, "2"},
              {Symbol::gamma, gamma},
              {Symbol::F0, "1"}};
  a.eps = "0.01";
  return a;
}

// top-k with k = 10 in d = 100: 10 (32 + ⌈log₂ 100⌉) = 390 bits; x is 3,200 bits.
MessageCost topk_message() {
  return {.uplink_bits = 390, .downlink_bits = 3200, .workers = 4, .encoding = "topk k=10"};
}

}  // namespace

TEST_CASE("bits to eps are iterations x workers x bits per message, exactly", "[theory][bits]") {
  auto args = unbiased_gd("0.25");
  args.message = topk_message();
  const auto r = check(args);
  REQUIRE(r.iterations_to_eps);
  CHECK(r.iterations_to_eps->count == 121);
  REQUIRE(r.bits_to_eps);
  CHECK_FALSE(r.bits_to_eps->never);
  CHECK(r.bits_to_eps->uplink == 121 * 4 * 390);
  CHECK(r.bits_to_eps->downlink == 121 * 4 * 3200);
  const auto json = to_json(r);
  CHECK(json["bits_to_eps"]["uplink"] == 188760);
  CHECK(json["bits_to_eps"]["total"] == 188760 + 1548800);
  CHECK(json["message"]["uplink_bits"] == 390);
  CHECK(to_text(r).find("188760 up + 1548800 down") != std::string::npos);
}

TEST_CASE("bits to eps are never when the residual reaches eps", "[theory][bits]") {
  CheckArgs a;
  a.theorem = "biased-sgd-nonconvex";
  a.values = {{Symbol::L, "1"},      {Symbol::m, "0"},       {Symbol::zeta2, "1"}, {Symbol::M, "0"},
              {Symbol::sigma2, "0"}, {Symbol::gamma, "0.5"}, {Symbol::F0, "1"}};
  a.eps = "0.5";  // below the residual ζ²/(1 − m) = 1
  a.message = topk_message();
  const auto r = check(a);
  REQUIRE(r.bits_to_eps);
  CHECK(r.bits_to_eps->never);
  CHECK(to_json(r)["bits_to_eps"] == "never");
  a.message.reset();
  CHECK_FALSE(check(a).bits_to_eps);
}

TEST_CASE("gamma best reaches eps in the fewest iterations", "[theory][bits]") {
  // The rate 1 − 2μγ(1 − αLγ/2) is fastest at γ = 1/(αL) = 1/2, where it is 19/20, and
  // (19/20)^T ≤ 1/100 first at T = 90.
  auto args = unbiased_gd("0.25");
  args.values.erase(Symbol::gamma);
  args.gamma_for_eps = true;
  const auto r = check(args);
  REQUIRE(r.admissible == Verdict::holds);
  CHECK(r.inputs.at(Symbol::gamma).source.find("--gamma best") != std::string::npos);
  CHECK(testing::relative_error(convert<double>(r.inputs.at(Symbol::gamma).value), 0.5) < 1e-6);
  REQUIRE(r.iterations_to_eps);
  CHECK(r.iterations_to_eps->count == 90);
  for (const char* other : {"0.25", "0.75", "0.45", "0.55"})
    CHECK(check(unbiased_gd(other)).iterations_to_eps->count >= 90);
}

TEST_CASE("gamma best needs eps and F0 and no other gamma", "[theory][bits]") {
  auto args = unbiased_gd("0.25");
  args.gamma_for_eps = true;
  CHECK_THROWS_WITH(check(args), Catch::Contains("--gamma best chooses γ itself"));
  args.values.erase(Symbol::gamma);
  args.eps.reset();
  CHECK_THROWS_WITH(check(args), Catch::Contains("needs --eps and --F0"));
}

}  // namespace biasbound::theory
