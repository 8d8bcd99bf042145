#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>

#include "core/rng.hpp"
#include "estimators/draw_statistics.hpp"

using namespace biasbound;
using Eigen::VectorXd;

TEST_CASE("a deterministic estimator's bias is exact and its variance zero", "[statistics]") {
  VectorXd grad(3), bias(3);
  grad << 1, -2, 3;
  bias << 0.5, 0.25, -1;
  estimators::DrawAccumulator acc(grad, 4);
  for (int s = 0; s < 40; ++s) acc.add(s % 4, grad + bias);
  const auto st = acc.summarize(0.99);
  CHECK(st.a == 14.0);
  CHECK(st.b.value == Approx(bias.squaredNorm()).epsilon(1e-14));
  CHECK(st.b.upper - st.b.lower < 1e-12);
  CHECK(st.v.value == Approx(0).margin(1e-14));
  CHECK(st.c.value == Approx((grad + bias).squaredNorm()).epsilon(1e-14));
  CHECK(st.samples == 40);
}

TEST_CASE("Gaussian draws: intervals cover the true bias and variance and shrink with S",
          "[statistics]") {
  // g = ∇f + β + σ·N(0, I) in d = 5: bias² = ‖β‖², variance = 5σ².
  const int d = 5;
  VectorXd grad = VectorXd::LinSpaced(d, -1, 1), beta = VectorXd::Constant(d, 0.1);
  const double sigma = 0.3;
  auto measure = [&](int samples, std::uint64_t seed) {
    auto rng = core::make_stream(seed, core::StreamPurpose::kMeasure);
    boost::random::normal_distribution<double> normal;
    estimators::DrawAccumulator acc(grad, 20);
    for (int s = 0; s < samples; ++s) {
      VectorXd g = grad + beta;
      for (auto& e : g) e += sigma * normal(rng);
      acc.add(s * 20 / samples, g);
    }
    return acc.summarize(0.99);
  };
  int covered_b = 0, covered_v = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto st = measure(2000, seed);
    covered_b += st.b.lower <= beta.squaredNorm() && beta.squaredNorm() <= st.b.upper;
    covered_v += st.v.lower <= d * sigma * sigma && d * sigma * sigma <= st.v.upper;
  }
  // 99% intervals: all 20 should cover; allow one miss so the test is not a coin toss.
  CHECK(covered_b >= 19);
  CHECK(covered_v >= 19);
  const auto small = measure(200, 7), large = measure(5000, 7);
  CHECK(large.b.upper - large.b.lower < 0.5 * (small.b.upper - small.b.lower));
}

TEST_CASE("an unbiased estimator's debiased bias straddles zero", "[statistics]") {
  VectorXd grad = VectorXd::Ones(4);
  auto rng = core::make_stream(3, core::StreamPurpose::kMeasure);
  boost::random::normal_distribution<double> normal;
  estimators::DrawAccumulator acc(grad, 10);
  for (int s = 0; s < 1000; ++s) {
    VectorXd g = grad;
    for (auto& e : g) e += normal(rng);
    acc.add(s % 10, g);
  }
  const auto st = acc.summarize(0.99);
  // Without the −V̂/S correction ‖ḡ − ∇f‖² would sit near 4/1000 = 0.004, above zero.
  CHECK(st.b.lower <= 0);
  CHECK(st.b.upper >= 0);
  CHECK(std::abs(st.b.value) < 0.004);
}
