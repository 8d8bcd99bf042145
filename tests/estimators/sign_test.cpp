#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "estimators/sign.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Eigen::VectorXd;

TEST_CASE("sign sends sign(v) with sign(0) = 0 and passes NaN on", "[sign]") {
  VectorXd v(5), expected(5);
  v << 3, -0.25, 0, 2e-300, -7;
  expected << 1, -1, 0, 1, -1;
  estimators::Sign stage;
  const testing::TransformBench bench(5);
  CHECK(bench.apply(stage, v) == expected);
  v[2] = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(bench.apply(stage, v)[2]));
}

TEST_CASE("sign has no analytic constants and costs one bit per coordinate", "[sign]") {
  const estimators::Sign stage;
  const auto c = stage.constants();
  CHECK_FALSE(c.unbiased);
  CHECK_FALSE(c.delta);
  CHECK_FALSE(c.alpha);
  CHECK_FALSE(c.m);
  CHECK_FALSE(c.zeta2);
  CHECK_THAT(c.note, Contains("bias measured only"));
  CHECK(stage.describe() == core::Json{{"stage", "sign"}});
  CHECK(*stage.message_bits(100) == 100);
}
