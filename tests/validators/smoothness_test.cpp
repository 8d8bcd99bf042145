#include <catch2/catch.hpp>

#include <Eigen/QR>
#include <cmath>
#include <random>

#include "../problems/test_problems.hpp"
#include "core/error.hpp"
#include "validators/local_smoothness.hpp"
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

namespace {

// f(x) = ½ xᵀAx with A = Q diag(eigenvalues) Qᵀ, split as f_i = f on each worker: an indefinite
// Hessian, the case of a network.
class IndefiniteQuadratic final : public problems::Problem {
 public:
  IndefiniteQuadratic(const std::vector<double>& eigenvalues, int workers) : workers_(workers) {
    const int d = static_cast<int>(eigenvalues.size());
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd g(d, d);
    for (int i = 0; i < d * d; ++i) g.data()[i] = normal(rng);
    const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ();
    a_ = q * Eigen::Map<const Vector>(eigenvalues.data(), d).asDiagonal() * q.transpose();
  }
  std::string name() const override { return "indefinite"; }
  int dim() const override { return static_cast<int>(a_.rows()); }
  int workers() const override { return workers_; }
  double worker_value_gradient(int, problems::ConstVectorRef x,
                               problems::VectorRef grad) const override {
    grad = a_ * x;
    return 0.5 * x.dot(grad);
  }
  double worker_value(int, problems::ConstVectorRef x) const override {
    return 0.5 * x.dot(a_ * x);
  }
  problems::AnalyticConstants constants() const override {
    problems::AnalyticConstants c;
    c.nonconvex = true;
    return c;
  }
  core::Json describe() const override { return {{"name", name()}}; }

 private:
  Eigen::MatrixXd a_;
  int workers_;
};

}  // namespace

TEST_CASE("smoothness: the Hessian norm of an indefinite Hessian is its largest |eigenvalue|",
          "[smoothness]") {
  const Vector x = Vector::LinSpaced(6, -1, 1);
  SECTION("the most negative eigenvalue dominates") {
    const IndefiniteQuadratic f({-5, 3, 1, -2, 0.5, 2.5}, 2);
    const auto est = validators::hessian_norm(f, x, {.tolerance = 1e-8});
    CHECK(est.converged);
    CHECK(est.lambda_max == Approx(5).epsilon(1e-8));
    // The convex estimate does not apply: its Rayleigh quotient is negative.
    CHECK_FALSE(validators::hessian_lambda_max(f, x).lambda_max == Approx(5).epsilon(1e-3));
  }
  SECTION("±λ of equal size: v turns between them, and H² says it has converged") {
    const IndefiniteQuadratic f({4, -4, 1, 0.5, -1, 2}, 2);
    const auto est = validators::hessian_norm(f, x, {.tolerance = 1e-8});
    CHECK(est.converged);
    CHECK(est.lambda_max == Approx(4).epsilon(1e-8));
  }
  SECTION("the same bits on one thread and on two") {
    const IndefiniteQuadratic f({-5, 3, 1, -2, 0.5, 2.5}, 4);
    const auto one = validators::hessian_norm(f, x, {.max_iterations = 7, .threads = 1});
    const auto two = validators::hessian_norm(f, x, {.max_iterations = 7, .threads = 2});
    CHECK(one.lambda_max == two.lambda_max);
    CHECK(one.direction == two.direction);
  }
}

TEST_CASE("smoothness: local L is the largest Hessian norm over the chosen points",
          "[smoothness]") {
  // f(x) = Σ cosh(x_i): ∇²f(x) = diag(cosh x_i), so ‖∇²f(x)‖₂ = cosh(max |x_i|).
  struct Cosh final : problems::Problem {
    std::string name() const override { return "cosh"; }
    int dim() const override { return 3; }
    int workers() const override { return 1; }
    double worker_value_gradient(int, problems::ConstVectorRef x,
                                 problems::VectorRef grad) const override {
      grad = x.array().sinh().matrix();
      return x.array().cosh().sum();
    }
    double worker_value(int, problems::ConstVectorRef x) const override {
      return x.array().cosh().sum();
    }
    problems::AnalyticConstants constants() const override { return {}; }
    core::Json describe() const override { return {{"name", name()}}; }
  } f;
  std::vector<Vector> points;
  for (double t : {0.0, 0.5, 1.0, 1.5, 2.0}) points.push_back(Vector::Constant(3, t) * 0.9);
  points[2][1] = 2.5;  // the largest curvature, at a point that only choosing all 5 sees
  validators::LocalSmoothnessOptions options;
  options.power.tolerance = 1e-6;
  options.points = 5;
  const auto all = validators::local_smoothness(f, points, options);
  CHECK(all.value == Approx(std::cosh(2.5)).epsilon(1e-5));
  CHECK_THAT(all.source, Catch::Matchers::Contains("5 of the 5 probed points"));
  options.points = 2;  // the first and the last only: cosh(0.9 · 2)
  CHECK(validators::local_smoothness(f, points, options).value ==
        Approx(std::cosh(1.8)).epsilon(1e-5));
  // A given estimate of the first point is used as is.
  validators::CurvatureEstimate known;
  known.lambda_max = 1e6;
  CHECK(validators::local_smoothness(f, points, options, &known).value == 1e6);
  options.points = 0;
  CHECK_THROWS_WITH(validators::local_smoothness(f, points, options),
                    Catch::Matchers::Contains("LocalSmoothnessOptions.points"));
}
