#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "estimators/clip_value.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Eigen::VectorXd;

TEST_CASE("clipvalue clamps each coordinate to -c..c and passes NaN on", "[clipvalue]") {
  VectorXd v(6), expected(6);
  v << 3, -0.5, -7, 1, 0, -1;
  expected << 1, -0.5, -1, 1, 0, -1;
  estimators::ClipValue stage(1.0);
  const testing::TransformBench bench(6);
  CHECK(bench.apply(stage, v) == expected);
  v[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(bench.apply(stage, v)[0]));
}

TEST_CASE("clipvalue has measured constants only and keeps the input's encoding", "[clipvalue]") {
  const estimators::ClipValue stage(0.25);
  const auto c = stage.constants();
  CHECK_FALSE(c.unbiased);
  CHECK_FALSE(c.delta);
  CHECK_FALSE(c.m);
  CHECK_FALSE(c.zeta2);
  CHECK(stage.describe() == core::Json{{"stage", "clipvalue"}, {"c", 0.25}});
  CHECK_FALSE(stage.message_bits(10));
}
