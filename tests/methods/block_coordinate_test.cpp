#include "methods/block_coordinate.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "../problems/test_problems.hpp"
#include "core/thread_pool.hpp"
#include "methods/delayed_gd.hpp"
#include "methods/in_process_communicator.hpp"

using namespace biasbound;
using Eigen::VectorXd;
using methods::Staleness;

namespace {

// A block-coordinate run with its own pool and communicator.
struct BlockHarness {
  BlockHarness(const problems::Problem& p, const std::string& compressor,
               methods::BlockCoordinateParams params, int threads = 2)
      : pool(threads),
        communicator(p.workers(), p.dim(), pool),
        method(p, compressor, params, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::BlockCoordinate method;
};

struct DelayedGdHarness {
  DelayedGdHarness(const problems::Problem& p, const std::string& compressor,
                   methods::DelayedGdParams params)
      : pool(2),
        communicator(p.workers(), p.dim(), pool),
        method(p, estimators::Pipeline::parse_compressor(compressor, p), params, communicator) {}
  core::ThreadPool pool;
  methods::InProcessCommunicator communicator;
  methods::DelayedGd method;
};

VectorXd full_gradient(const problems::Problem& p, const VectorXd& x) {
  VectorXd grad(p.dim());
  problems::value_gradient(p, x, grad);
  return grad;
}

}  // namespace

TEST_CASE("block-coordinate descent with one block is delayed compressed GD bit for bit",
          "[block-coordinate]") {
  const auto p = testing::small_quadratic(3, 0.8, 10);
  for (const std::string compressor : {"identity", "randk:k=3", "qsgd:s=4", "ternary"})
    for (const auto staleness : {Staleness::kFixed, Staleness::kRandom})
      for (const int tau : {0, 3}) {
        INFO(compressor << ", tau = " << tau << ", random staleness "
                        << (staleness == Staleness::kRandom));
        BlockHarness block(*p, compressor, {0.1, tau, staleness, 1});
        DelayedGdHarness delayed(*p, compressor, {0.1, tau, staleness});
        block.method.reset(7);
        delayed.method.reset(7);
        for (int k = 0; k < 40; ++k) {
          const auto a = block.method.step();
          const auto b = delayed.method.step();
          CHECK(a.f == b.f);
          CHECK(a.grad_norm2 == b.grad_norm2);
          CHECK(block.method.staleness() == delayed.method.staleness());
          REQUIRE(block.method.x() == delayed.method.x());
        }
        CHECK(block.communicator.traffic().bits_up == delayed.communicator.traffic().bits_up);
      }
}

TEST_CASE("each step moves the drawn block along that block of the stale gradient",
          "[block-coordinate]") {
  const auto p = testing::small_quadratic(2, 0.5, 10);
  const int tau = 2;
  const double gamma = 0.3;
  BlockHarness h(*p, "identity", {gamma, tau, Staleness::kFixed, 3});
  h.method.reset(5);
  std::vector<VectorXd> history{h.method.x()};
  std::set<int> drawn;
  for (int k = 0; k < 60; ++k) {
    h.method.step();
    const int b = h.method.block();
    drawn.insert(b);
    const int start = h.method.partition().start(b);
    const int size = h.method.partition().size(b);
    const VectorXd stale =
        full_gradient(*p, history[static_cast<std::size_t>(k - std::min(tau, k))]);
    VectorXd expected = history.back();
    expected.segment(start, size) -= gamma * stale.segment(start, size);
    REQUIRE((h.method.x() - expected).norm() <= 1e-14 * (1 + expected.norm()));
    history.push_back(h.method.x());
  }
  CHECK(drawn == std::set<int>{0, 1, 2});
}

TEST_CASE("the compressor is resolved against each block's dimension", "[block-coordinate]") {
  // d = 10 in B = 3 blocks of 4, 3, 3 coordinates; rand-k keeps k = 2 of each, so a worker's
  // message carries 2 (index, value) pairs per block with ⌈log₂ d_b⌉ = 2 bits per index.
  const auto p = testing::small_quadratic(2, 0.5, 10);
  BlockHarness h(*p, "randk:k=2", {0.1, 0, Staleness::kFixed, 3});
  h.method.step();
  CHECK(h.communicator.traffic().bits_up == 2 * 3 * estimators::sparse_bits(2, 4));
  CHECK_THROWS_WITH(BlockHarness(*p, "randk:k=4", {0.1, 0, Staleness::kFixed, 3}),
                    Catch::Contains("k") && Catch::Contains("3"));
}

TEST_CASE("block-coordinate runs depend only on the seed", "[block-coordinate]") {
  const auto p = testing::small_quadratic(3, 0.5, 9);
  auto run = [&](int threads, std::uint64_t seed) {
    BlockHarness h(*p, "randk:k=2", {0.05, 2, Staleness::kRandom, 3}, threads);
    h.method.reset(seed);
    for (int k = 0; k < 40; ++k) h.method.step();
    return VectorXd(h.method.x());
  };
  CHECK((run(1, 2) - run(3, 2)).norm() == 0);
  CHECK((run(2, 2) - run(2, 3)).norm() > 0);
}

TEST_CASE("block-coordinate descent rejects impossible parameters by name", "[block-coordinate]") {
  const auto p = testing::small_quadratic(1, 0.0, 4);
  CHECK_THROWS_WITH(BlockHarness(*p, "identity", {0.1, 0, Staleness::kFixed, 0}),
                    Catch::Contains("BlockCoordinateParams.blocks = "));
  CHECK_THROWS_WITH(BlockHarness(*p, "identity", {0.0, 0, Staleness::kFixed, 2}),
                    Catch::Contains("BlockCoordinateParams.gamma = "));
  CHECK_THROWS_WITH(BlockHarness(*p, "identity", {0.1, 0, Staleness::kFixed, 5}),
                    Catch::Contains("blocks = 5 is impossible for dimension 4"));
}
