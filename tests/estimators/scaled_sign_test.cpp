#include <catch2/catch.hpp>

#include <cstdlib>

#include "estimators/scaled_sign.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

double delta_of(const VectorXd& v) {
  return v.lpNorm<1>() * v.lpNorm<1>() / (double(v.size()) * v.squaredNorm());
}

}  // namespace

TEST_CASE("scaled sign sends (|v|_1/d) sign(v)", "[scaledsign]") {
  VectorXd v(4), expected(4);
  v << 3, -1, 0, 2;
  expected << 1.5, -1.5, 0, 1.5;  // |v|_1/d = 6/4
  estimators::ScaledSign stage(4);
  CHECK(testing::TransformBench(4).apply(stage, v) == expected);
  CHECK(testing::TransformBench(4).apply(stage, VectorXd::Zero(4)) == VectorXd::Zero(4));
}

TEST_CASE("scaled sign loses exactly (1 - delta(v))|v|^2, delta(v) >= 1/d, on full vectors",
          "[scaledsign]") {
  const int d = 30;
  estimators::ScaledSign stage(d);
  const testing::TransformBench bench(d);
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::srand(seed);
    VectorXd v = VectorXd::Random(d);
    CHECK(delta_of(v) >= 1.0 / d);
    CHECK((bench.apply(stage, v) - v).squaredNorm() ==
          Approx((1 - delta_of(v)) * v.squaredNorm()).epsilon(1e-12));
    // With zero coordinates the loss is smaller than (1 − δ(v))‖v‖², never larger.
    v.head(seed % 10).setZero();
    CHECK((bench.apply(stage, v) - v).squaredNorm() <=
          (1 - delta_of(v)) * v.squaredNorm() * (1 + 1e-12));
  }
}

TEST_CASE("scaled sign's worst case delta = 1/d is approached by v = (1, eps, ..., eps)",
          "[scaledsign]") {
  const int d = 20;
  VectorXd v = VectorXd::Constant(d, 1e-7);
  v[0] = 1;
  estimators::ScaledSign stage(d);
  const double loss = (testing::TransformBench(d).apply(stage, v) - v).squaredNorm();
  CHECK(loss / v.squaredNorm() == Approx(1 - 1.0 / d).epsilon(1e-5));
  CHECK(loss <= (1 - *stage.constants().delta) * v.squaredNorm());
}

TEST_CASE("scaled sign reports its constants, parameters and bit cost", "[scaledsign]") {
  const estimators::ScaledSign stage(40);
  const auto c = stage.constants();
  CHECK_FALSE(c.unbiased);
  CHECK(*c.delta == Approx(1.0 / 40));
  CHECK(*c.m == Approx(1 - 1.0 / 40));
  CHECK(*c.zeta2 == 0);
  CHECK(stage.describe() == core::Json{{"stage", "scaledsign"}, {"d", 40}});
  CHECK(*stage.message_bits(40) == 40 + 32);
}
