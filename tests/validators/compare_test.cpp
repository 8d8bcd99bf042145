#include <catch2/catch.hpp>

#include <boost/math/distributions/students_t.hpp>

#include "core/error.hpp"
#include "validators/compare.hpp"

using namespace biasbound;
using validators::Outcome;

namespace {

/// Seeds × checkpoints with column k = means(k) + spread·(−1, +1, −1, +1, ...): mean means(k),
/// standard error spread·√(R/(R − 1))/√R for an even number of seeds R.
Eigen::MatrixXd spread_around(const Eigen::VectorXd& means, double spread, int seeds) {
  Eigen::MatrixXd values(seeds, means.size());
  for (int s = 0; s < seeds; ++s) {
    values.row(s) = (means.array() + (s % 2 == 0 ? -spread : spread)).transpose();
  }
  return values;
}

double standard_error(double spread, int seeds) {
  return spread * std::sqrt(double(seeds) / (seeds - 1)) / std::sqrt(double(seeds));
}

validators::CompareOptions deterministic() {
  validators::CompareOptions o;
  o.deterministic = true;
  return o;
}

}  // namespace

TEST_CASE("compare: a deterministic run exactly at the bound holds", "[compare]") {
  const Eigen::MatrixXd run = Eigen::RowVector3d(1.0, 0.5, 0.25);
  const auto c = validators::compare(run, Eigen::Vector3d(1.0, 0.5, 0.25), deterministic());
  CHECK(c.outcome == Outcome::kHolds);
  CHECK_FALSE(c.first_violation);
  CHECK(c.relative_tolerance == 1e-9);
  CHECK(c.absolute_floor == 1e-12);
  CHECK(c.tightness == std::vector<double>{1.0, 1.0, 1.0});
}

TEST_CASE("compare: a deterministic run 1e-6 above the bound is violated there", "[compare]") {
  const Eigen::MatrixXd run = Eigen::RowVector3d(1.0, 0.5 * (1 + 1e-6), 0.3);
  const auto c = validators::compare(run, Eigen::Vector3d(1.0, 0.5, 0.25), deterministic());
  CHECK(c.outcome == Outcome::kViolated);
  CHECK(c.first_violation == 1);
}

TEST_CASE("compare: tightness is bound over mean", "[compare]") {
  const Eigen::MatrixXd run = Eigen::RowVector3d(0.5, 0.1, 0.01);
  const auto c = validators::compare(run, Eigen::Vector3d(1.0, 0.5, 0.25), deterministic());
  CHECK(c.outcome == Outcome::kHolds);
  CHECK(c.tightness[0] == Approx(2.0));
  CHECK(c.tightness[1] == Approx(5.0));
  CHECK(c.tightness[2] == Approx(25.0));
}

TEST_CASE("compare: seeds well below the bound hold with Bonferroni t limits", "[compare]") {
  const int seeds = 10;
  const Eigen::Vector4d means(0.5, 0.4, 0.3, 0.2);
  const auto c = validators::compare(spread_around(means, 0.01, seeds), Eigen::Vector4d::Ones());
  REQUIRE(c.outcome == Outcome::kHolds);
  CHECK(c.level == Approx(1 - 0.01 / 4));
  const double t = boost::math::quantile(boost::math::students_t(seeds - 1), 1 - 0.01 / 4);
  CHECK(c.t_quantile == Approx(t));
  CHECK(c.mean[2] == Approx(0.3));
  CHECK(c.standard_error[2] == Approx(standard_error(0.01, seeds)));
  CHECK(c.upper[2] == Approx(0.3 + t * standard_error(0.01, seeds)));
  CHECK(c.lower[2] == Approx(0.3 - t * standard_error(0.01, seeds)));
  CHECK(c.tightness[3] == Approx(5.0));
  CHECK_FALSE(c.seeds_needed);
}

TEST_CASE("compare: seeds clearly above the bound report the first violating checkpoint",
          "[compare]") {
  const Eigen::Vector4d means(0.5, 0.9, 1.5, 2.0);
  const auto c = validators::compare(spread_around(means, 0.01, 10), Eigen::Vector4d::Ones());
  CHECK(c.outcome == Outcome::kViolated);
  CHECK(c.first_violation == 2);
}

TEST_CASE("compare: Bonferroni widens the limits as checkpoints are added", "[compare]") {
  double previous_width = 0;
  for (const int count : {1, 4, 16, 64}) {
    const Eigen::VectorXd means = Eigen::VectorXd::Constant(count, 0.5);
    const auto c = validators::compare(spread_around(means, 0.01, 8), Eigen::VectorXd::Ones(count));
    const double width = c.upper[0] - c.lower[0];
    CHECK(width > previous_width);
    previous_width = width;
  }
}

TEST_CASE("compare: an undecided gap is inconclusive and needs more seeds as it shrinks",
          "[compare]") {
  const int seeds = 10;
  const double spread = 0.1;
  const double t = boost::math::quantile(boost::math::students_t(seeds - 1), 1 - 0.01 / 2);
  const double half_width = t * standard_error(spread, seeds);
  int previous = seeds;
  // R / gap_fraction² is never a whole number: at a tie the last bit of the mean (which depends
  // on the vector width Eigen sums with) would decide between two seed counts.
  for (const double gap_fraction : {0.8, 0.45, 0.15}) {
    const double gap = gap_fraction * half_width;
    const Eigen::Vector2d means(0.2, 1 - gap);
    const auto c =
        validators::compare(spread_around(means, spread, seeds), Eigen::Vector2d::Ones());
    REQUIRE(c.outcome == Outcome::kInconclusive);
    REQUIRE(c.seeds_needed);
    // Decided once t·se·√(R/R') < gap, i.e. R' > R / gap_fraction².
    CHECK(*c.seeds_needed == int(std::floor(seeds / (gap_fraction * gap_fraction))) + 1);
    CHECK(*c.seeds_needed > previous);
    previous = *c.seeds_needed;
  }
}

TEST_CASE("compare: an inconclusive mean above the bound estimates seeds toward a violation",
          "[compare]") {
  const int seeds = 10;
  const double spread = 0.1;
  const double t = boost::math::quantile(boost::math::students_t(seeds - 1), 1 - 0.01 / 2);
  const double gap = 0.45 * t * standard_error(spread, seeds);  // not 0.5: see above
  const Eigen::Vector2d means(1 - 0.25 * gap, 1 + gap);
  const auto c = validators::compare(spread_around(means, spread, seeds), Eigen::Vector2d::Ones());
  REQUIRE(c.outcome == Outcome::kInconclusive);
  CHECK(c.seeds_needed == int(std::floor(seeds / (0.45 * 0.45))) + 1);
}

TEST_CASE("compare: malformed inputs are input errors", "[compare]") {
  const Eigen::MatrixXd one_seed = Eigen::RowVector2d(1, 2);
  CHECK_THROWS_AS(validators::compare(one_seed, Eigen::Vector2d::Ones()), core::InputError);
  CHECK_THROWS_AS(
      validators::compare(Eigen::MatrixXd::Ones(3, 2), Eigen::Vector2d::Ones(), deterministic()),
      core::InputError);
  CHECK_THROWS_AS(validators::compare(Eigen::MatrixXd::Ones(3, 2), Eigen::Vector3d::Ones()),
                  core::InputError);
  Eigen::MatrixXd nan = Eigen::MatrixXd::Ones(3, 2);
  nan(1, 1) = std::nan("");
  CHECK_THROWS_AS(validators::compare(nan, Eigen::Vector2d::Ones()), core::InputError);
}

TEST_CASE("compare: checkpoints are distinct, log-spaced and end at T", "[compare]") {
  CHECK(validators::checkpoints(1000, 4) == std::vector<int>{1, 10, 100, 1000});
  CHECK(validators::checkpoints(5, 10) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(validators::checkpoints(7, 1) == std::vector<int>{7});
  const auto many = validators::checkpoints(100, 30);
  CHECK(many.size() == 30);
  CHECK(many.front() == 1);
  CHECK(many.back() == 100);
  CHECK(std::adjacent_find(many.begin(), many.end(), std::greater_equal<int>()) == many.end());
  CHECK_THROWS_AS(validators::checkpoints(0, 3), core::InputError);
}
