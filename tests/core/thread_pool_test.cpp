#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "core/error.hpp"
#include "core/thread_pool.hpp"

using namespace biasbound::core;

TEST_CASE("parallel_for calls every index exactly once", "[thread_pool]") {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    for (int count : {0, 1, 2, 7, 100}) {
      std::vector<std::atomic<int>> calls(static_cast<std::size_t>(count));
      pool.parallel_for(count, [&](int i) { ++calls[static_cast<std::size_t>(i)]; });
      for (const auto& c : calls) CHECK(c.load() == 1);
    }
  }
}

TEST_CASE("parallel_for can be called many times in a row", "[thread_pool]") {
  ThreadPool pool(2);
  std::atomic<long> sum = 0;
  for (int round = 0; round < 1000; ++round) pool.parallel_for(4, [&](int i) { sum += i; });
  CHECK(sum.load() == 1000 * 6);
}

TEST_CASE("an exception in a body reaches the caller and the pool stays usable", "[thread_pool]") {
  ThreadPool pool(2);
  CHECK_THROWS_AS(pool.parallel_for(10,
                                    [](int i) {
                                      if (i == 7) throw std::runtime_error("boom");
                                    }),
                  std::runtime_error);
  std::atomic<int> n = 0;
  pool.parallel_for(10, [&](int) { ++n; });
  CHECK(n.load() == 10);
}

TEST_CASE("a pool needs at least one thread", "[thread_pool]") {
  CHECK_THROWS_AS(ThreadPool(0), InputError);
}
