#include <catch2/catch.hpp>

#include <cstdlib>

#include "estimators/frontier.hpp"

using namespace biasbound::estimators;

TEST_CASE("frontier of three points by hand", "[frontier]") {
  // Upper hull of (0,0), (1,1), (2,1.5), (4,2): edges of slope 1, 0.5, 0.25 with intercepts
  // 0, 0.5, 1; and m = 0 needs ζ² = max y = 2.
  const std::vector<double> x = {1, 2, 4}, y = {1, 1.5, 2};
  const auto f = build_frontier(x, y);
  REQUIRE(f.slope_only);
  CHECK(*f.slope_only == 1.0);
  CHECK(f.intercept_only == 2.0);
  REQUIRE(f.vertices.size() == 4);
  const double expected[4][2] = {{0, 2}, {0.25, 1}, {0.5, 0.5}, {1, 0}};
  for (int i = 0; i < 4; ++i) {
    CHECK(f.vertices[static_cast<std::size_t>(i)].slope == Approx(expected[i][0]));
    CHECK(f.vertices[static_cast<std::size_t>(i)].intercept ==
          Approx(expected[i][1]).margin(1e-15));
  }
}

TEST_CASE("every frontier vertex bounds every point and touches one", "[frontier]") {
  std::srand(3);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> x, y;
    for (int j = 0; j < 12; ++j) {
      x.push_back(double(std::rand() % 1000) / 100);
      y.push_back(double(std::rand() % 1000) / 300);
    }
    const auto f = build_frontier(x, y);
    for (const auto& v : f.vertices) {
      CHECK(v.slope >= 0);
      CHECK(v.intercept >= 0);
      double tightest = 1e300;
      for (std::size_t j = 0; j < x.size(); ++j) {
        const double slack = v.slope * x[j] + v.intercept - y[j];
        CHECK(slack >= -1e-12);
        tightest = std::min(tightest, slack);
      }
      CHECK(tightest <= 1e-12);  // no vertex can be lowered: it is on the boundary
    }
  }
}

TEST_CASE("a point at zero gradient with bias makes m_only unbounded", "[frontier]") {
  const std::vector<double> x = {0.0, 2.0, 1e-30}, y = {0.1, 1.0, 0.05};
  const auto f = build_frontier(x, y);
  CHECK_FALSE(f.slope_only);
  CHECK(f.intercept_only == 1.0);
  CHECK(f.vertices.front().slope == 0);
  CHECK(f.vertices.back().intercept == Approx(0.1));  // the point at x = 0 bounds ζ² below
}

TEST_CASE("negative (debiased) bias estimates count as zero", "[frontier]") {
  const std::vector<double> x = {1, 2}, y = {-0.1, -0.2};
  const auto f = build_frontier(x, y);
  CHECK(*f.slope_only == 0);
  CHECK(f.intercept_only == 0);
  REQUIRE(f.vertices.size() == 1);
  CHECK(f.vertices[0].slope == 0);
}

TEST_CASE("frontier levels are Bonferroni over the points' limits", "[frontier]") {
  // The bias frontier rests on P upper limits of b; the variance frontier on P lower limits
  // of c and P upper limits of v, 2P in all.
  CHECK(simultaneous_level(0.95, 4) == Approx(0.9875).epsilon(1e-15));
  const auto levels = frontier_levels(0.99, 10);
  CHECK(levels.b == Approx(0.999).epsilon(1e-15));
  CHECK(levels.c == Approx(0.9995).epsilon(1e-15));
  CHECK(levels.v == Approx(0.9995).epsilon(1e-15));
  CHECK(frontier_levels(0.9, 1).b == Approx(0.9).epsilon(1e-15));
  CHECK_THROWS(simultaneous_level(1.0, 3));
  CHECK_THROWS(simultaneous_level(0.99, 0));
}
