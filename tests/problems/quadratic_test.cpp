#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>

#include "core/error.hpp"
#include "problems/problem.hpp"
#include "test_problems.hpp"

using namespace biasbound;
using problems::Vector;

TEST_CASE("quadratic: the mean Hessian's spectrum runs exactly from mu to L", "[quadratic]") {
  const auto p = testing::small_quadratic(4, 0.6, 12);
  Eigen::MatrixXd mean = Eigen::MatrixXd::Zero(12, 12);
  for (int w = 0; w < 4; ++w) mean += p->worker_matrix(w);
  mean /= 4;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(mean);
  CHECK(eig.eigenvalues().minCoeff() == Approx(0.1).epsilon(1e-12));
  CHECK(eig.eigenvalues().maxCoeff() == Approx(2.0).epsilon(1e-12));
  CHECK(*p->constants().L == 2.0);
  CHECK(*p->constants().mu == 0.1);
}

TEST_CASE("quadratic: heterogeneity makes workers differ but leaves f unchanged", "[quadratic]") {
  const auto same = testing::small_quadratic(4, 0.0);
  const auto hetero = testing::small_quadratic(4, 0.8);
  CHECK((hetero->worker_matrix(0) - hetero->worker_matrix(1)).norm() > 0.1);
  CHECK((same->worker_matrix(0) - same->worker_matrix(1)).norm() < 1e-12);
  const Vector x = Vector::LinSpaced(same->dim(), -1, 1);
  CHECK(problems::value(*hetero, x) == Approx(problems::value(*same, x)).epsilon(1e-12));
}

TEST_CASE("quadratic: x* zeroes the gradient and f* = f(x*) is the minimum", "[quadratic]") {
  const auto p = testing::small_quadratic(3, 0.5);
  const auto c = p->constants();
  Vector grad(p->dim());
  const double f_at_star = problems::value_gradient(*p, *c.x_star, grad);
  CHECK(grad.norm() < 1e-13);
  CHECK(f_at_star == Approx(*c.f_star).epsilon(1e-14));
  // Strong convexity: f(x) − f* ≥ (μ/2)‖x − x*‖² and ≤ (L/2)‖x − x*‖².
  for (int s = 1; s <= 5; ++s) {
    std::srand(static_cast<unsigned>(s));
    const Vector x = *c.x_star + Vector::Random(p->dim());
    const double gap = problems::value(*p, x) - *c.f_star;
    const double dist2 = (x - *c.x_star).squaredNorm();
    CHECK(gap >= 0.5 * 0.1 * dist2 * (1 - 1e-12));
    CHECK(gap <= 0.5 * 2.0 * dist2 * (1 + 1e-12));
  }
}

TEST_CASE("quadratic rejects impossible parameters", "[quadratic]") {
  problems::QuadraticOptions o;
  o.mu = 2;
  o.L = 1;
  CHECK_THROWS_WITH(problems::Quadratic(o, 2), Catch::Matchers::Contains("mu <= L"));
  o = {};
  o.dim = 0;
  CHECK_THROWS_AS(problems::Quadratic(o, 2), core::InputError);
  o = {};
  o.heterogeneity = -1;
  CHECK_THROWS_AS(problems::Quadratic(o, 2), core::InputError);
  o = {};
  o.dim = 100000;
  CHECK_THROWS_WITH(problems::Quadratic(o, 2), Catch::Matchers::Contains("limit"));
}
