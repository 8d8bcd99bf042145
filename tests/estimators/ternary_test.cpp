#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "estimators/ternary.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

VectorXd input() {
  VectorXd v(8);
  v << 0.5, -2.0, 0.0, 1.25, -0.3, 0.05, 0.0, -1.0;
  return v;
}

}  // namespace

TEST_CASE("ternary sends each coordinate as -|v|_inf, 0 or +|v|_inf with its sign", "[ternary]") {
  const VectorXd v = input();
  const double scale = v.lpNorm<Eigen::Infinity>();
  estimators::Ternary stage(8);
  const testing::TransformBench bench(8);
  core::Rng rng(2);
  for (int draw = 0; draw < 100; ++draw) {
    const VectorXd c = bench.apply(stage, v, rng).values;
    for (int i = 0; i < 8; ++i) {
      CHECK((c[i] == 0 || std::abs(c[i]) == scale));
      if (c[i] != 0) CHECK(std::signbit(c[i]) == std::signbit(v[i]));
      if (v[i] == 0) CHECK(c[i] == 0);
    }
    CHECK(c[1] == v[1]);  // the largest coordinate is kept with probability 1
  }
}

TEST_CASE("ternary is unbiased with E|C(v)|^2 = |v|_inf |v|_1 <= alpha |v|^2", "[ternary]") {
  const VectorXd v = input();
  estimators::Ternary stage(8);
  const double second = v.lpNorm<Eigen::Infinity>() * v.lpNorm<1>();
  const auto m = testing::draw_moments(stage, v, 20000, 41);
  CHECK(testing::mean_within_5se(m, v, second - v.squaredNorm()));
  CHECK(std::abs(m.second - second) <= 5 * m.second_se);
  CHECK(second <= *stage.constants().alpha * v.squaredNorm());
}

TEST_CASE("ternary's alpha = (1 + sqrt d)/2 is attained at v = (1, a, ..., a)", "[ternary]") {
  for (int d : {2, 9, 50}) {
    const double alpha = *estimators::Ternary(d).constants().alpha;
    CHECK(alpha == Approx((1 + std::sqrt(d)) / 2));
    VectorXd worst = VectorXd::Constant(d, 1 / (1 + std::sqrt(d)));
    worst[0] = 1;
    CHECK(worst.lpNorm<1>() / worst.squaredNorm() == Approx(alpha));
    for (unsigned seed = 1; seed <= 20; ++seed) {
      std::srand(seed);
      const VectorXd v = VectorXd::Random(d);
      CHECK(v.lpNorm<Eigen::Infinity>() * v.lpNorm<1>() <= alpha * v.squaredNorm());
    }
  }
}

TEST_CASE("ternary sends zero as zero, passes NaN on and reports its constants and bit cost",
          "[ternary]") {
  estimators::Ternary stage(8);
  const testing::TransformBench bench(8);
  CHECK(bench.apply(stage, VectorXd::Zero(8)) == VectorXd::Zero(8));
  VectorXd bad = input();
  bad[4] = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(bench.apply(stage, bad)[4]));
  const auto c = stage.constants();
  CHECK(c.unbiased);
  CHECK(*c.m == 0);
  CHECK(stage.describe() == core::Json{{"stage", "ternary"}, {"d", 8}});
  CHECK(*stage.message_bits(8) == Approx(std::log2(3.0) * 8 + 32));
}
