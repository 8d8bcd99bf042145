#include "problems/block_partition.hpp"

#include <catch2/catch.hpp>

#include "problems/block_view.hpp"
#include "test_problems.hpp"

using namespace biasbound;

TEST_CASE("blocks are contiguous and the first d mod B are one longer", "[block-partition]") {
  const problems::BlockPartition p(10, 4);  // 10 = 3 + 3 + 2 + 2
  CHECK(p.blocks() == 4);
  CHECK(p.dim() == 10);
  for (const auto& [block, start, size] :
       {std::tuple{0, 0, 3}, std::tuple{1, 3, 3}, std::tuple{2, 6, 2}, std::tuple{3, 8, 2}}) {
    CHECK(p.start(block) == start);
    CHECK(p.size(block) == size);
  }
  const problems::BlockPartition whole(7, 1);
  CHECK(whole.size(0) == 7);
  const problems::BlockPartition coordinates(3, 3);
  CHECK(coordinates.start(2) == 2);
  CHECK(coordinates.size(2) == 1);
  CHECK_THROWS_WITH(problems::BlockPartition(3, 0), Catch::Contains("blocks = 0"));
  CHECK_THROWS_WITH(problems::BlockPartition(3, 4), Catch::Contains("blocks = 4"));
}

TEST_CASE("a block view's gradient is the block of the full gradient", "[block-partition]") {
  const auto q = testing::small_quadratic(2, 0.5, 7);
  const problems::BlockPartition partition(7, 3);  // 3 + 2 + 2
  const problems::Vector x = problems::Vector::LinSpaced(7, -1, 2);
  const problems::BlockView view(*q, partition, 1, x);
  CHECK(view.dim() == 2);
  CHECK(view.initial_point() == x.segment(3, 2));
  const problems::Vector z(problems::Vector::Constant(2, 0.5));
  problems::Vector full_point = x;
  full_point.segment(3, 2) = z;
  problems::Vector full(7), block(2);
  for (int w = 0; w < 2; ++w) {
    const double f = q->worker_value_gradient(w, full_point, full);
    CHECK(view.worker_value_gradient(w, z, block) == f);
    CHECK(block == full.segment(3, 2));
    CHECK(view.worker_value(w, z) == q->worker_value(w, full_point));
  }
  CHECK_THROWS_WITH(problems::BlockView(*q, partition, 3, x), Catch::Contains("block 3 of 3"));
}
