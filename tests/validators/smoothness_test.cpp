#include <catch2/catch.hpp>

#include <random>

#include "../problems/test_problems.hpp"
#include "core/error.hpp"
#include "validators/smoothness.hpp"

using namespace biasbound;
using problems::Vector;

TEST_CASE("smoothness: power iteration finds a quadratic's exact L", "[smoothness]") {
  const auto p = testing::small_quadratic(3);
  const Vector x = Vector::LinSpaced(p->dim(), -1, 2);
  const auto est = validators::hessian_lambda_max(*p, x);
  CHECK(est.converged);
  CHECK(est.iterations > 1);
  CHECK(est.lambda_max == Approx(*p->constants().L).epsilon(1e-6));
}

TEST_CASE("smoothness: at x = 0 logistic's top Hessian eigenvalue is its analytic L",
          "[smoothness]") {
  // ∇²f(0) = AᵀA/(4N) + λI exactly, since σ'(0) = 1/4 is the maximum of σ'.
  const auto p = testing::small_logistic(3);
  const auto est = validators::hessian_lambda_max(*p, Vector::Zero(p->dim()));
  CHECK(est.converged);
  CHECK(est.lambda_max == Approx(*p->constants().L).epsilon(1e-6));
}

TEST_CASE("smoothness: a point of the wrong dimension is an input error", "[smoothness]") {
  const auto p = testing::small_quadratic(2);
  CHECK_THROWS_AS(validators::hessian_lambda_max(*p, Vector::Zero(p->dim() + 1)), core::InputError);
}

TEST_CASE("smoothness: a quadratic's empirical PL constant lies in its true mu to L",
          "[smoothness]") {
  // ‖∇f‖²/(2(f − f*)) = eᵀA²e / eᵀAe with e = x − x*, a Rayleigh quotient of A in [μ, L].
  const auto p = testing::small_quadratic(3);
  const auto c = p->constants();
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  std::vector<Vector> points{*c.x_star};  // f − f* = 0 there: skipped
  for (int j = 0; j < 50; ++j) {
    Vector x(p->dim());
    for (auto& v : x) v = normal(rng);
    points.push_back(x);
  }
  const auto pl = validators::empirical_pl(*p, points, *c.f_star);
  CHECK(pl.skipped == 1);
  CHECK(pl.used == 50);
  CHECK(pl.argmin >= 1);
  CHECK(pl.mu >= *c.mu * (1 - 1e-9));
  CHECK(pl.mu <= *c.L);
}

TEST_CASE("smoothness: a PL estimate with no usable point is an input error", "[smoothness]") {
  const auto p = testing::small_quadratic(2);
  const auto c = p->constants();
  CHECK_THROWS_AS(validators::empirical_pl(*p, {*c.x_star}, *c.f_star), core::InputError);
}
