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

TEST_CASE("limits are one-sided at their level: t quantile of the level, not of (1 + level)/2",
          "[statistics]") {
  // Student's t on K − 1 = 9 degrees of freedom: t(0.99) = 2.821437926, t(0.995) = 3.249835541.
  // A two-sided 99% interval's upper end is the one-sided 99.5% limit, wider by their ratio.
  VectorXd grad = VectorXd::Ones(3);
  auto rng = core::make_stream(5, core::StreamPurpose::kMeasure);
  boost::random::normal_distribution<double> normal;
  estimators::DrawAccumulator acc(grad, 10);
  for (int s = 0; s < 200; ++s) {
    VectorXd g = grad;
    for (auto& e : g) e += normal(rng);
    acc.add(s % 10, g);
  }
  const auto one = acc.summarize(0.99), half = acc.summarize(0.995);
  CHECK(one.b.level == 0.99);
  CHECK(one.v.upper - one.v.value == Approx(one.v.value - one.v.lower).epsilon(1e-12));
  for (auto field : {&estimators::PointStatistics::b, &estimators::PointStatistics::c,
                     &estimators::PointStatistics::v}) {
    const double ratio =
        ((half.*field).upper - (half.*field).value) / ((one.*field).upper - (one.*field).value);
    CHECK(ratio == Approx(3.249835541 / 2.821437926).epsilon(1e-8));
  }
  const auto mixed = acc.summarize({0.99, 0.995, 0.99});
  CHECK(mixed.b.upper == one.b.upper);
  CHECK(mixed.c.upper == half.c.upper);
  CHECK(mixed.c.level == 0.995);
  CHECK_THROWS(acc.summarize(1.0));
}

TEST_CASE("a one-sided 80% upper limit covers the variance about 80% of the time", "[statistics]") {
  // Were the limit the upper end of a two-sided 80% interval it would cover about 90%.
  // g = N(0, σ²I) in d = 4: v = 4σ². 1000 repetitions: the binomial sd of the rate is 0.013.
  const int d = 4;
  const double sigma = 0.5;
  const VectorXd grad = VectorXd::Zero(d);
  auto rng = core::make_stream(11, core::StreamPurpose::kMeasure);
  boost::random::normal_distribution<double> normal;
  int covered = 0;
  const int repetitions = 1000;
  for (int r = 0; r < repetitions; ++r) {
    estimators::DrawAccumulator acc(grad, 20);
    for (int s = 0; s < 400; ++s) {
      VectorXd g(d);
      for (auto& e : g) e = sigma * normal(rng);
      acc.add(s % 20, g);
    }
    covered += acc.summarize(0.8).v.upper >= d * sigma * sigma;
  }
  const double rate = double(covered) / repetitions;
  CHECK(rate > 0.75);
  CHECK(rate < 0.86);
}
