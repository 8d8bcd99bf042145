#include <catch2/catch.hpp>

#include <random>

#include "../problems/test_problems.hpp"
#include "problems/factory.hpp"
#include "problems/problem.hpp"
#include "validators/optimum.hpp"

using namespace biasbound;
using problems::Vector;

TEST_CASE("optimum: a quadratic's closed-form optimum is taken as exact", "[optimum]") {
  const auto p = testing::small_quadratic(3);
  const auto opt = validators::find_optimum(*p);
  CHECK(opt.exact);
  CHECK(opt.iterations == 0);
  CHECK(opt.f_star == *p->constants().f_star);
  CHECK(opt.gradient_norm < 1e-12);
}

TEST_CASE("optimum: L-BFGS on a quadratic matches the exact f* to 1e-10 relative", "[optimum]") {
  const auto p = testing::small_quadratic(3);
  validators::OptimumOptions options;
  options.use_known = false;
  const auto opt = validators::find_optimum(*p, options);
  const double exact = *p->constants().f_star;
  CHECK_FALSE(opt.exact);
  CHECK(opt.tolerance_met);
  CHECK(opt.gradient_norm <= 1e-10);
  CHECK(std::abs(opt.f_star - exact) <= 1e-10 * std::abs(exact));
  CHECK((opt.x_star - *p->constants().x_star).norm() < 1e-8);
}

TEST_CASE("optimum: L-BFGS on logistic reaches 1e-10 and beats random points", "[optimum]") {
  const auto p = testing::small_logistic(3);
  const auto opt = validators::find_optimum(*p);
  INFO(opt.method);
  CHECK_FALSE(opt.exact);
  CHECK(opt.tolerance_met);
  CHECK(opt.gradient_norm <= 1e-10);
  CHECK(opt.iterations > 0);
  CHECK(problems::value(*p, opt.x_star) == opt.f_star);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 0.3);
  for (int trial = 0; trial < 20; ++trial) {
    Vector x = opt.x_star;
    for (auto& v : x) v += normal(rng);
    CHECK(opt.f_star <= problems::value(*p, x));
  }
}

TEST_CASE("optimum: a network's f* is refused, and so is a convex problem too large to solve",
          "[optimum]") {
  const auto net = problems::make_problem("mlp:data=synthetic,n=30,d=4,hidden=3,n_test=0", 1);
  CHECK_THROWS_WITH(validators::find_optimum(*net), Catch::Contains("problem 'mlp' is nonconvex"));
  // Multinomial logistic regression is convex, but at d = 201·100 = 20,100 the dense Newton
  // polish would need 3.2 GB and O(d³) steps.
  const auto wide =
      problems::make_problem("mlp:data=synthetic,n=30,d=200,classes=100,hidden=none,n_test=0", 1);
  REQUIRE(wide->dim() == 20100);
  CHECK_THROWS_WITH(validators::find_optimum(*wide),
                    Catch::Contains("problem 'mlp'") && Catch::Contains("d = 20100"));
}
