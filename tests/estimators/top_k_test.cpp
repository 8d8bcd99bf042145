#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "../problems/test_problems.hpp"
#include "estimators/top_k.hpp"

using namespace biasbound;
using Eigen::VectorXd;

namespace {

struct Selection {
  VectorXd v;
  std::vector<int> support;
};

Selection top_k(VectorXd v, int k) {
  estimators::TopK::Scratch scratch(static_cast<int>(v.size()));
  std::vector<int> support;
  std::vector<double> kept(static_cast<std::size_t>(k));
  estimators::TopK::select(v, k, scratch, support, kept);
  return {v, support};
}

VectorXd random_vector(int d, unsigned seed) {
  std::srand(seed);
  return VectorXd::Random(d);
}

}  // namespace

TEST_CASE("top-k keeps exactly the k largest magnitudes", "[topk]") {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const int d = 50, k = 1 + static_cast<int>(seed % 17);
    const VectorXd v = random_vector(d, seed);
    const auto [out, support] = top_k(v, k);
    CHECK(static_cast<int>((out.array() != 0).count()) == k);
    REQUIRE(static_cast<int>(support.size()) == k);
    CHECK(std::is_sorted(support.begin(), support.end()));
    double smallest_kept = std::numeric_limits<double>::infinity();
    for (int i : support) {
      CHECK(out[i] == v[i]);
      smallest_kept = std::min(smallest_kept, std::abs(v[i]));
    }
    for (int i = 0; i < d; ++i)
      if (out[i] == 0) CHECK(std::abs(v[i]) <= smallest_kept);
  }
}

TEST_CASE("top-k is a k/d contraction, tight on a vector of equal magnitudes", "[topk]") {
  const int d = 40;
  for (int k : {1, 5, 20, 40}) {
    const double bound = 1.0 - double(k) / d;
    for (unsigned seed = 1; seed <= 25; ++seed) {
      const VectorXd v = random_vector(d, seed * 31 + static_cast<unsigned>(k));
      CHECK((top_k(v, k).v - v).squaredNorm() <= bound * v.squaredNorm() * (1 + 1e-15));
    }
    // Worst case: all magnitudes equal, so whichever k are kept the loss is exactly 1 − k/d.
    VectorXd flat(d);
    for (int i = 0; i < d; ++i) flat[i] = i % 3 ? 2.0 : -2.0;
    CHECK((top_k(flat, k).v - flat).squaredNorm() == Approx(bound * flat.squaredNorm()));
  }
}

TEST_CASE("top-k breaks ties towards the lower index", "[topk]") {
  VectorXd v(6);
  v << 1, -3, 3, 1, -3, 2;
  const auto [out, support] = top_k(v, 2);
  CHECK(support == std::vector<int>{1, 2});
  const auto three = top_k(v, 3);
  CHECK(three.support == std::vector<int>{1, 2, 4});
  const auto flat = top_k(VectorXd::Ones(5), 2);
  CHECK(flat.support == std::vector<int>{0, 1});
}

TEST_CASE("top-k passes NaN on rather than hiding it", "[topk]") {
  VectorXd v = VectorXd::Ones(5);
  v[3] = std::numeric_limits<double>::quiet_NaN();
  const auto [out, support] = top_k(v, 1);
  CHECK(support == std::vector<int>{3});
  CHECK(std::isnan(out[3]));
}

TEST_CASE("the top-k stage sends a sparse message with k (index, value) pairs", "[topk]") {
  const auto problem = testing::small_quadratic(2, 0.0, 8);
  estimators::TopK stage(3, 8);
  estimators::Message m;
  m.resize(8);
  m.values = VectorXd::LinSpaced(8, -4, 3);
  core::Rng rng(1);
  const VectorXd x = VectorXd::Zero(8);
  stage.apply({*problem, 0, x, rng, nullptr}, m);
  CHECK(m.sparse);
  CHECK(m.support == std::vector<int>{0, 1, 7});
  CHECK(stage.message_bits(8) == 3 * (32 + 3));
  CHECK(stage.describe()["delta"] == 3.0 / 8);
}

TEST_CASE("top-k on large vectors matches a full sort, ties included", "[topk]") {
  // d ≥ 4096 with k ≤ d/4 takes the sampled-threshold path; quantised values create many ties.
  const auto expected_support = [](const VectorXd& v, int k) {
    std::vector<int> order(static_cast<std::size_t>(v.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::abs(v[a]) > std::abs(v[b]); });
    std::vector<int> expected(order.begin(), order.begin() + k);
    std::sort(expected.begin(), expected.end());
    return expected;
  };
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const int d = 4100 + static_cast<int>(seed) * 373;
    const int k = seed % 3 ? 1 + static_cast<int>(seed * 7) % (d / 4) : 1 + static_cast<int>(seed);
    VectorXd v = random_vector(d, seed);
    if (seed % 2) v = (v * 8).array().round() / 8;  // only 17 distinct values
    CHECK(top_k(v, k).support == expected_support(v, k));
  }
  // A sample that sees only large values sets the threshold too high: the exact fallback.
  const int d = 8192, k = 3000;
  VectorXd v = random_vector(d, 99);
  for (int j = 0; j < 1024; ++j) v[j * (d / 1024)] = 1000 + j;
  CHECK(top_k(v, k).support == expected_support(v, k));
}
