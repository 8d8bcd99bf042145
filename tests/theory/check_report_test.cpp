// check() end to end in the library, and its JSON and text renderings.

#include <catch2/catch.hpp>

#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

// momentum-nonconvex at L = 2, M = 1, m = 1/2, ζ² = 1/10, σ² = 2/5, β = 1/2, γ = 1/40, F₀ = 3
// (the hand-computed point of catalog_formulas_test.cpp): γ_max = 1/32, residual 0.244,
// bound(T) = 480/T + 0.244.
CheckArgs momentum_args() {
  CheckArgs args;
  args.theorem = "momentum-nonconvex";
  args.values = {{Symbol::L, "2"},         {Symbol::M, "1"},        {Symbol::m, "0.5"},
                 {Symbol::zeta2, "0.1"},   {Symbol::sigma2, "0.4"}, {Symbol::beta, "0.5"},
                 {Symbol::gamma, "0.025"}, {Symbol::F0, "3"}};
  args.T.emplace("100");
  args.eps.emplace("1");
  return args;
}

TEST_CASE("check JSON carries the conditions, verdict and every derived number",
          "[theory][report]") {
  const auto j = to_json(check(momentum_args()));
  INFO(j.dump(2));
  CHECK(j["theorem"] == "momentum-nonconvex");
  CHECK(j["regime"] == "nonconvex");
  CHECK(j["quantity"] == "avg_grad_norm2");
  CHECK(j["momentum_init"].get<std::string>().find("v₋₁ = 0") != std::string::npos);
  REQUIRE(j["conditions"].size() == 1);
  const auto& c = j["conditions"][0];
  CHECK(c["lhs"] == 0.025);
  CHECK(c["rhs"] == 1.0 / 32);
  CHECK(c["slack"].get<double>() == Approx(0.00625).epsilon(1e-15));
  CHECK(c["holds"] == true);
  CHECK(c["certified"] == true);
  CHECK(j["admissible"] == true);
  CHECK(j["gamma_max"] == 1.0 / 32);
  CHECK(j["gamma_max_exact"] == "0.03125");
  CHECK(j["rate"] == "O(1/T)");
  CHECK(j["residual"].get<double>() == Approx(0.244).epsilon(1e-15));
  CHECK(j["bound_T"].get<double>() == Approx(5.044).epsilon(1e-15));
  // 480/T + 0.244 ≤ 1 first at T = ⌈480/0.756⌉ = 635.
  CHECK(j["iterations_to_eps"] == 635);
  // The bound is 0.12/γ + 0.2 + 1.6γ + 6.4γ²; its slope −0.12/γ² + 1.6 + 12.8γ is still
  // negative at γ_max = 1/32 (−120.88), so the best admissible γ is γ_max.
  CHECK(j["gamma_best"] == 1.0 / 32);
  CHECK(j["notes"].empty());
}

TEST_CASE("check JSON says never, undecided-free and null where nothing is promised",
          "[theory][report]") {
  auto args = momentum_args();
  args.eps = "0.2";  // below the residual 0.244
  CHECK(to_json(check(args))["iterations_to_eps"] == "never");

  args.values[Symbol::gamma] = "0.05";  // above γ_max = 1/32
  const auto j = to_json(check(args));
  CHECK(j["admissible"] == false);
  CHECK(j["conditions"][0]["holds"] == false);
  CHECK(j["bound_T"].is_null());
  CHECK(j["iterations_to_eps"].is_null());
  CHECK(j["gamma_best"] == 1.0 / 32);  // the best admissible γ does not depend on the given one

  args.values.erase(Symbol::F0);
  const auto without_F0 = to_json(check(args));
  CHECK(without_F0["coefficient"].is_null());
  CHECK(without_F0["gamma_best"].is_null());
}

TEST_CASE("the text report has a condition table, slack and a one-line verdict",
          "[theory][report]") {
  const auto text = to_text(check(momentum_args()));
  INFO(text);
  CHECK(text.find("γ ≤ β/(4L(1 + M))") != std::string::npos);
  CHECK(text.find("slack") != std::string::npos);
  CHECK(text.find("0.00625") != std::string::npos);  // 1/32 − 1/40
  CHECK(text.find("ADMISSIBLE: every condition holds (decided exactly)") != std::string::npos);
  CHECK(text.find("0.03125") != std::string::npos);

  auto bad = momentum_args();
  bad.values[Symbol::gamma] = "0.05";
  CHECK(to_text(check(bad)).find("NOT ADMISSIBLE: step size fails") != std::string::npos);
}

TEST_CASE("linear rates are reported with their gap to 1 and the grid on request",
          "[theory][report]") {
  CheckArgs args;
  args.theorem = "biased-sgd-pl";
  args.values = {{Symbol::L, "1"},
                 {Symbol::mu, "0.000001"},
                 {Symbol::m, "0"},
                 {Symbol::zeta2, "0"},
                 {Symbol::M, "0"},
                 {Symbol::sigma2, "0"},
                 {Symbol::gamma, "0.000001"},
                 {Symbol::F0, "1"}};
  args.grid = true;
  const auto j = to_json(check(args));
  CHECK(j["rate_kind"] == "linear");
  CHECK(j["rate_gap"] == 1e-12);
  CHECK(j["rate"].get<double>() == Approx(1 - 1e-12).epsilon(1e-15));
  CHECK(j["grid"]["row"].is_null());  // biased SGD has no momentum parameter
  CHECK(j["grid"]["admissible"].size() == 1);
  CHECK(j["grid"]["admissible"][0].size() == 7);
}

}  // namespace
}  // namespace biasbound::theory
