#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "problems/sharding.hpp"

using namespace biasbound;

namespace {
Eigen::VectorXd alternating_labels(int n) {
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) y[i] = i % 2 ? 1.0 : -1.0;
  return y;
}

std::vector<int> concatenated(const std::vector<std::vector<int>>& shards) {
  std::vector<int> all;
  for (const auto& s : shards) all.insert(all.end(), s.begin(), s.end());
  return all;
}
}  // namespace

TEST_CASE("every sharding is a partition with sizes differing by at most one", "[sharding]") {
  const auto y = alternating_labels(103);
  for (auto kind : {problems::Sharding::kContiguous, problems::Sharding::kIid,
                    problems::Sharding::kLabelSorted}) {
    const auto shards = problems::make_shards(y, 10, kind, 1);
    REQUIRE(shards.size() == 10);
    for (const auto& s : shards) CHECK((s.size() == 10 || s.size() == 11));
    auto all = concatenated(shards);
    std::sort(all.begin(), all.end());
    for (int i = 0; i < 103; ++i) CHECK(all[static_cast<std::size_t>(i)] == i);
  }
}

TEST_CASE("contiguous keeps file order; label-sorted groups labels; iid is seeded", "[sharding]") {
  const auto y = alternating_labels(40);
  const auto contiguous =
      concatenated(problems::make_shards(y, 4, problems::Sharding::kContiguous, 0));
  for (int i = 0; i < 40; ++i) CHECK(contiguous[static_cast<std::size_t>(i)] == i);

  const auto sorted = problems::make_shards(y, 4, problems::Sharding::kLabelSorted, 0);
  for (int i : sorted[0]) CHECK(y[i] == -1.0);
  for (int i : sorted[3]) CHECK(y[i] == 1.0);

  const auto a = problems::make_shards(y, 4, problems::Sharding::kIid, 7);
  const auto b = problems::make_shards(y, 4, problems::Sharding::kIid, 7);
  const auto c = problems::make_shards(y, 4, problems::Sharding::kIid, 8);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(concatenated(a) != contiguous);
}

TEST_CASE("sharding rejects more workers than examples and unknown names", "[sharding]") {
  CHECK_THROWS_WITH(problems::make_shards(alternating_labels(3), 4, problems::Sharding::kIid, 0),
                    Catch::Matchers::Contains("3 examples cannot be split over 4 workers"));
  CHECK_THROWS_WITH(problems::parse_sharding("random"), Catch::Matchers::Contains("label-sorted"));
}
