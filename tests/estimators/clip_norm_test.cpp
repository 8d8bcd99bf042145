#include <catch2/catch.hpp>

#include "estimators/clip_norm.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;
using Eigen::VectorXd;

TEST_CASE("clip leaves a vector inside the ball of radius tau unchanged", "[clip]") {
  VectorXd v(3);
  v << 3, 0, -4;  // norm 5
  const testing::TransformBench bench(3);
  for (double tau : {5.0, 5.5, 100.0}) {
    estimators::ClipNorm stage(tau);
    CHECK(bench.apply(stage, v) == v);
  }
}

TEST_CASE("clip rescales a longer vector to norm exactly tau, same direction", "[clip]") {
  VectorXd v(4);
  v << 3, 0, -4, 12;  // norm 13
  const testing::TransformBench bench(4);
  for (double tau : {0.01, 1.0, 12.9}) {
    estimators::ClipNorm stage(tau);
    const VectorXd c = bench.apply(stage, v);
    CHECK(c.norm() == Approx(tau).epsilon(1e-14));
    CHECK((c / tau - v / 13).norm() <= 1e-14);
    CHECK(c[1] == 0);
  }
}

TEST_CASE("clip states its constants as formulas in G and keeps the input's encoding", "[clip]") {
  const estimators::ClipNorm stage(0.5);
  const auto c = stage.constants();
  CHECK_FALSE(c.unbiased);
  CHECK_FALSE(c.m);
  CHECK_FALSE(c.zeta2);
  CHECK_THAT(c.note, Contains("m = (1 - tau/G)_+^2, zeta^2 = 0") &&
                         Contains("m = 0, zeta^2 = (G - tau)_+^2"));
  CHECK(stage.describe() == core::Json{{"stage", "clip"}, {"tau", 0.5}});
  CHECK_FALSE(stage.message_bits(10));
}
