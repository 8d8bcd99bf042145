#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

#include "estimators/rand_k.hpp"
#include "transform_draws.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

// Distinct magnitudes, alternating signs and no zero coordinate, so "kept" and "nonzero in the
// output" coincide.
VectorXd input(int d) {
  VectorXd v(d);
  for (int i = 0; i < d; ++i) v[i] = (i % 2 ? -1 : 1) * (0.5 + 0.25 * i);
  return v;
}

}  // namespace

TEST_CASE("rand-k keeps exactly k input coordinates on a sorted support", "[randk]") {
  const int d = 12;
  const testing::TransformBench bench(d);
  const VectorXd v = input(d);
  core::Rng rng(5);
  for (bool scaled : {false, true}) {
    for (int k : {1, 4, 12}) {
      estimators::RandK stage(k, d, scaled);
      const double scale = scaled ? double(d) / k : 1.0;
      for (int draw = 0; draw < 30; ++draw) {
        const auto m = bench.apply(stage, v, rng);
        CHECK(m.sparse);
        REQUIRE(static_cast<int>(m.support.size()) == k);
        CHECK(std::adjacent_find(m.support.begin(), m.support.end(), std::greater_equal<>()) ==
              m.support.end());  // strictly ascending
        CHECK((m.values.array() != 0).count() == k);
        for (int i : m.support) CHECK(m.values[i] == scale * v[i]);
      }
    }
  }
}

TEST_CASE("unscaled rand-k has mean (k/d) v and keeps each coordinate with frequency k/d",
          "[randk]") {
  const int d = 10, k = 3, draws = 20000;
  const double p = double(k) / d;
  const VectorXd v = input(d);
  estimators::RandK stage(k, d, false);
  const auto m = testing::draw_moments(stage, v, draws, 17);
  // Coordinate i is v_i with probability p: total variance p(1 − p)‖v‖².
  CHECK(testing::mean_within_5se(m, p * v, p * (1 - p) * v.squaredNorm()));
  const double kept_se = std::sqrt(p * (1 - p) / draws);  // binomial frequency
  for (int i = 0; i < d; ++i) CHECK(std::abs(m.kept[i] - p) <= 5 * kept_se);
  CHECK(std::abs(m.second - p * v.squaredNorm()) <= 5 * m.second_se);
}

TEST_CASE("scaled rand-k is unbiased with E|C(v)|^2 = (d/k)|v|^2", "[randk]") {
  const int d = 10, k = 3, draws = 20000;
  const VectorXd v = input(d);
  estimators::RandK stage(k, d, true);
  const auto m = testing::draw_moments(stage, v, draws, 23);
  const double alpha = double(d) / k;
  CHECK(testing::mean_within_5se(m, v, (alpha - 1) * v.squaredNorm()));
  CHECK(std::abs(m.second - alpha * v.squaredNorm()) <= 5 * m.second_se);
}

TEST_CASE("a rand-k draw depends only on the random stream, not on earlier calls", "[randk]") {
  const int d = 9;
  const testing::TransformBench bench(d);
  const VectorXd v = input(d);
  estimators::RandK used(4, d, false);
  core::Rng warm(3);
  for (int i = 0; i < 5; ++i) bench.apply(used, v, warm);
  auto fresh = used.clone();
  const VectorXd from_fresh = bench.apply(*fresh, v, 99);
  CHECK(bench.apply(used, v, 99) == from_fresh);
  CHECK(bench.apply(used, v, 100) != from_fresh);
}

TEST_CASE("rand-k reports its constants, parameters and bit cost", "[randk]") {
  const estimators::RandK plain(3, 10, false);
  const auto c = plain.constants();
  CHECK_FALSE(c.unbiased);
  CHECK(*c.delta == Approx(0.3));
  CHECK(*c.m == Approx(0.49));
  CHECK(*c.zeta2 == 0);
  CHECK_FALSE(c.alpha);
  CHECK(plain.describe() == core::Json{{"stage", "randk"}, {"k", 3}, {"d", 10}, {"scaled", false}});
  CHECK(*plain.message_bits(10) == 3 * (32 + 4));

  const estimators::RandK scaled(3, 10, true);
  const auto u = scaled.constants();
  CHECK(u.unbiased);
  CHECK(*u.alpha == Approx(10.0 / 3));
  CHECK(*u.m == 0);
  CHECK_FALSE(u.delta);
  CHECK(scaled.describe()["scaled"] == true);
}
