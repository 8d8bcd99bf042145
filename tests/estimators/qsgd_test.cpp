#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "estimators/qsgd.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

VectorXd input() {
  VectorXd v(16);
  v << 0.9, -0.1, 0.0, 2.5, -1.7, 0.33, 0.0, -0.05, 1.2, -2.2, 0.7, 0.01, -0.6, 1.9, -0.4, 0.25;
  return v;
}

// The exact variance of stochastic rounding: coordinate i is (‖v‖/s)·(l_i + Bernoulli(p_i)),
// p_i = r_i − l_i, so E‖C(v) − v‖² = (‖v‖/s)² Σ p_i (1 − p_i).
double rounding_variance(const VectorXd& v, int s) {
  const double step = v.norm() / s;
  double sum = 0;
  for (double x : v) {
    const double r = s * std::abs(x) / v.norm();
    const double p = r - std::floor(r);
    sum += p * (1 - p);
  }
  return step * step * sum;
}

}  // namespace

TEST_CASE("qsgd rounds each coordinate to one of its two nearest levels, keeping the sign",
          "[qsgd]") {
  const VectorXd v = input();
  const testing::TransformBench bench(16);
  core::Rng rng(4);
  for (int s : {1, 3, 8}) {
    estimators::Qsgd stage(s, 16);
    for (int draw = 0; draw < 50; ++draw) {
      const VectorXd c = bench.apply(stage, v, rng).values;
      for (int i = 0; i < 16; ++i) {
        const double level = std::abs(c[i]) * s / v.norm();
        const double low = std::floor(s * std::abs(v[i]) / v.norm());
        CHECK(std::abs(level - std::round(level)) < 1e-12);
        CHECK((std::round(level) == low || std::round(level) == low + 1));
        if (v[i] == 0) CHECK(c[i] == 0);
        if (c[i] != 0) CHECK(std::signbit(c[i]) == std::signbit(v[i]));
      }
    }
  }
}

TEST_CASE("qsgd is unbiased with the variance of stochastic rounding, within its alpha", "[qsgd]") {
  const VectorXd v = input();
  for (int s : {1, 2, 6}) {
    estimators::Qsgd stage(s, 16);
    const double variance = rounding_variance(v, s);
    const auto m = testing::draw_moments(stage, v, 20000, 31 + static_cast<unsigned>(s));
    CHECK(testing::mean_within_5se(m, v, variance));
    CHECK(std::abs(m.second - (v.squaredNorm() + variance)) <= 5 * m.second_se);
    CHECK(v.squaredNorm() + variance <= *stage.constants().alpha * v.squaredNorm());
  }
}

TEST_CASE("qsgd with very many levels is the identity up to one level", "[qsgd]") {
  const VectorXd v = input();
  const int s = 1'000'000'000;
  estimators::Qsgd stage(s, 16);
  const VectorXd c = testing::TransformBench(16).apply(stage, v, 8);
  CHECK((c - v).lpNorm<Eigen::Infinity>() <= v.norm() / s * (1 + 1e-9));
}

TEST_CASE("qsgd sends the zero vector as zero and passes a non-finite input on", "[qsgd]") {
  const testing::TransformBench bench(4);
  estimators::Qsgd stage(2, 4);
  CHECK(bench.apply(stage, VectorXd::Zero(4)) == VectorXd::Zero(4));
  VectorXd bad = VectorXd::Ones(4);
  bad[1] = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(bench.apply(stage, bad)[1]));
}

TEST_CASE("qsgd reports its constants, parameters and bit cost", "[qsgd]") {
  const estimators::Qsgd coarse(2, 16);
  const auto c = coarse.constants();
  CHECK(c.unbiased);
  CHECK(*c.m == 0);
  CHECK(*c.alpha == Approx(3.0));                                     // 1 + min(16/4, 4/2)
  CHECK(*estimators::Qsgd(8, 16).constants().alpha == Approx(1.25));  // 1 + min(1/4, 1/2)
  CHECK(coarse.describe() == core::Json{{"stage", "qsgd"}, {"s", 2}, {"d", 16}});
  CHECK(*coarse.message_bits(16) == 32 + 16 * (1 + 2));  // levels 0..2 need 2 bits
  CHECK(*estimators::Qsgd(1, 16).message_bits(16) == 32 + 16 * (1 + 1));
}
