// check decides what it prints exactly: iterations to ε at exact ties, no crash at a pole of
// the formulas, and a plain word when a bound promises nothing (vacuous).

#include <catch2/catch.hpp>

#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory/exact_iterations.hpp"
#include "theory/suggested_step.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using testing::q;

CheckArgs args_of(std::string theorem, std::map<Symbol, std::string> values) {
  CheckArgs a;
  a.theorem = std::move(theorem);
  a.values = std::move(values);
  return a;
}

}  // namespace

TEST_CASE("iterations to eps are exact at ties of a sublinear bound", "[theory][exact]") {
  // bound(T) = C/T + r with C = 1/3, r = 0: bound(T) = ε exactly at T = 1/(3ε).
  const auto shape = BoundShape<Rational>::sublinear(q(1, 3), q(0), q(0));
  for (long long T : {1LL, 3LL, 7LL, 1000LL, 123456789LL, 1000000000000000LL}) {
    const Rational eps = Rational(1, 3) / T;
    INFO("T = " << T);
    CHECK(*exact_iterations_to_eps(shape, eps) == Wide(T));
    CHECK(bound_reaches(shape, eps, Wide(T)));
    CHECK_FALSE(bound_reaches(shape, eps, Wide(T - 1)));
  }
}

TEST_CASE("iterations to eps are exact at ties of a linear bound", "[theory][exact]") {
  // bound(T) = (1/2)^T: ε = 2^-k is reached exactly at T = k.
  const auto shape = BoundShape<Rational>::linear(q(1, 2), q(1), q(0));
  for (int k : {1, 2, 10, 60, 200}) {
    Rational eps = 1;
    for (int i = 0; i < k; ++i) eps /= 2;
    CHECK(*exact_iterations_to_eps(shape, eps) == Wide(k));
  }
  // ρ = 9/10, F₀ = 1, ε = (9/10)^37 exactly.
  const auto slow = BoundShape<Rational>::linear(q(1, 10), q(1), q(0));
  Rational eps = 1;
  for (int i = 0; i < 37; ++i) eps *= Rational(9, 10);
  CHECK(*exact_iterations_to_eps(slow, eps) == Wide(37));
  CHECK(*exact_iterations_to_eps(slow, Rational(eps * Rational(1000001, 1000000))) == Wide(37));
  CHECK(*exact_iterations_to_eps(slow, Rational(eps * Rational(999999, 1000000))) == Wide(38));
}

TEST_CASE("check's iterations to eps agree with its bound(T) at an exact tie", "[theory][exact]") {
  // biased-sgd-nonconvex, ζ = σ = m = 0: bound(T) = 2F₀/(γT); with γ = 1/3, F₀ = 1/2: 3/T.
  auto a = args_of("biased-sgd-nonconvex", {{Symbol::L, "1"},
                                            {Symbol::m, "0"},
                                            {Symbol::zeta2, "0"},
                                            {Symbol::M, "0"},
                                            {Symbol::sigma2, "0"},
                                            {Symbol::gamma, "1/3"},
                                            {Symbol::F0, "0.5"}});
  a.eps = "0.03";
  a.T = "100";
  const auto r = check(a);
  REQUIRE(r.iterations_to_eps);
  CHECK(r.iterations_to_eps->count == 100);
  CHECK(*r.bound_T <= Wide("0.03"));
}

TEST_CASE("check at a pole of the formulas says not admissible, never divides by zero",
          "[theory][exact]") {
  // unbiased-compressed-gd nonconvex: bound F₀/(Kγ(1 − αLγ/2)) has a pole at γ = 2/(αL).
  auto a =
      args_of("unbiased-compressed-gd",
              {{Symbol::alpha, "1"}, {Symbol::gamma, "2"}, {Symbol::L, "1"}, {Symbol::F0, "1"}});
  a.regime = "nonconvex";
  a.T = "10";
  a.eps = "0.1";
  const auto r = check(a);
  CHECK(r.admissible == Verdict::fails);
  CHECK_FALSE(r.shape.has_value());
  CHECK(to_text(r).find("NOT ADMISSIBLE") != std::string::npos);
  CHECK(to_json(r)["residual"].is_null());
  REQUIRE(r.gamma_max.suggested);
  CHECK(exact_value(*r.gamma_max.suggested) < 2);  // strict: strictly below 2/(αL)
}

TEST_CASE("a bound whose residual exceeds F0 is named vacuous, with no best step",
          "[theory][vacuous]") {
  // biased-sgd-pl: residual ζ²/(2μ(1 − m)) = 10/(2·0.1) = 50 ≥ F₀ = 0.2 for every γ.
  auto a = args_of("biased-sgd-pl", {{Symbol::L, "1"},
                                     {Symbol::mu, "0.1"},
                                     {Symbol::m, "0"},
                                     {Symbol::zeta2, "10"},
                                     {Symbol::M, "0"},
                                     {Symbol::sigma2, "0"},
                                     {Symbol::gamma, "0.5"},
                                     {Symbol::F0, "0.2"}});
  a.T = "1000";
  const auto r = check(a);
  REQUIRE(r.vacuous);
  CHECK(r.vacuous->every_step);
  CHECK_FALSE(r.gamma_best.has_value());
  CHECK(r.vacuous->message.find("vacuous") != std::string::npos);
  CHECK(r.vacuous->message.find("ζ²") != std::string::npos);  // the dominating constant
  REQUIRE_FALSE(r.vacuous->remedies.empty());
  // ζ² < 2μF₀ = 0.04 makes the residual fall below F₀.
  CHECK(r.vacuous->remedies.front().find("0.04") != std::string::npos);
  CHECK(to_text(r).find("VACUOUS") != std::string::npos);
  CHECK(to_json(r)["gamma_best"].is_null());

  SECTION("a small enough ζ² is useful again") {
    a.values[Symbol::zeta2] = "0.001";
    const auto useful = check(a);
    CHECK_FALSE(useful.vacuous.has_value());
    CHECK(useful.gamma_best.has_value());
  }
}

TEST_CASE("a nonconvex bound above 2L·F0 is vacuous", "[theory][vacuous]") {
  // ‖∇f(x₀)‖² ≤ 2L·F₀ = 2: a residual ζ²/(1 − m) = 5 promises nothing.
  auto a = args_of("biased-sgd-nonconvex", {{Symbol::L, "1"},
                                            {Symbol::m, "0"},
                                            {Symbol::zeta2, "5"},
                                            {Symbol::M, "0"},
                                            {Symbol::sigma2, "0"},
                                            {Symbol::gamma, "0.5"},
                                            {Symbol::F0, "1"}});
  a.T = "100";
  const auto r = check(a);
  REQUIRE(r.vacuous);
  CHECK(r.vacuous->start == 2);
}

}  // namespace biasbound::theory
