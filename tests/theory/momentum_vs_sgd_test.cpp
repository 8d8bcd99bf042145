// What the momentum statements say at β = 1, where the method IS biased SGD, compared with the
// biased-sgd statements: the nonconvex bound is the same, but the admissible γ is 4× smaller;
// the PL statement is weaker all round (half the decrement, twice the residual, 6× smaller γ).

#include <catch2/catch.hpp>

#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

// A few exact input sets with β = 1 (and μ ≤ L).
std::vector<Values<Rational>> points_at_beta_one() {
  std::vector<Values<Rational>> points;
  for (const auto& [L, M, m, zeta2, sigma2, gamma] :
       {std::tuple{q(2), q(1), q(1, 2), q(1, 10), q(2, 5), q(1, 40)},
        std::tuple{q(1), q(0), q(0), q(0), q(1), q(1, 7)},
        std::tuple{q(10), q(3, 2), q(9, 10), q(5), q(7, 3), q(1, 1000)}})
    points.push_back(exact({{Symbol::L, L},
                            {Symbol::mu, L / 10},
                            {Symbol::M, M},
                            {Symbol::m, m},
                            {Symbol::zeta2, zeta2},
                            {Symbol::sigma2, sigma2},
                            {Symbol::gamma, gamma},
                            {Symbol::beta, q(1)},
                            {Symbol::F0, q(5)}}));
  return points;
}

TEST_CASE("momentum-nonconvex at beta = 1: biased-sgd's bound exactly, 4x smaller gamma_max",
          "[theory][momentum]") {
  const auto& momentum = statement("momentum-nonconvex", Regime::nonconvex);
  const auto& sgd = statement("biased-sgd-nonconvex", Regime::nonconvex);
  for (const auto& v : points_at_beta_one()) {
    const auto a = exact_shape(momentum, v);
    const auto b = exact_shape(sgd, v);
    CHECK(a.coefficient == b.coefficient);
    CHECK(a.residual == b.residual);
    CHECK(exact_gamma_limit(sgd, v) == 4 * exact_gamma_limit(momentum, v));
  }
}

TEST_CASE("momentum-pl at beta = 1: slower rate, twice the residual, 6x smaller gamma_max",
          "[theory][momentum]") {
  const auto& momentum = statement("momentum-pl", Regime::pl);
  const auto& sgd = statement("biased-sgd-pl", Regime::pl);
  for (const auto& v : points_at_beta_one()) {
    const auto a = exact_shape(momentum, v);
    const auto b = exact_shape(sgd, v);
    CHECK(2 * a.decrement == b.decrement);  // 1 − γμ(1 − m)/2 vs 1 − γμ(1 − m)
    CHECK(a.residual == 2 * b.residual);
    CHECK(exact_gamma_limit(sgd, v) == 6 * exact_gamma_limit(momentum, v));
  }
}

TEST_CASE("momentum shrinks the admissible step by beta but keeps the bias floor",
          "[theory][momentum]") {
  const auto& momentum = statement("momentum-nonconvex", Regime::nonconvex);
  auto v = points_at_beta_one().front();
  const Rational floor_at_one = exact_shape(momentum, v).residual;
  const Rational limit_at_one = exact_gamma_limit(momentum, v);
  v.beta = q(1, 10);
  v.gamma = q(1, 1000000);
  CHECK(exact_gamma_limit(momentum, v) == limit_at_one / 10);
  // As γ → 0 the residual tends to ζ²/(1 − m) whatever β is.
  const Rational bias_floor = v.zeta2 / (1 - v.m);
  CHECK(exact_shape(momentum, v).residual > bias_floor);
  CHECK(exact_shape(momentum, v).residual - bias_floor < (floor_at_one - bias_floor) / 1000);
}

}  // namespace
}  // namespace biasbound::theory
