#include <catch2/catch.hpp>

#include <set>

#include "core/rng.hpp"

using namespace biasbound::core;

TEST_CASE("mix64 is SplitMix64's output function", "[rng]") {
  // SplitMix64 seeded with 0 first outputs 0xe220a8397b1dcdaf; its state then is the golden
  // gamma, which mix64 adds itself.
  CHECK(mix64(0) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("streams are a pure function of their key and differ across keys", "[rng]") {
  CHECK(stream_seed(1, 2, 3, 4) == stream_seed(1, 2, 3, 4));
  std::set<std::uint64_t> seeds;
  for (std::uint64_t seed = 0; seed < 4; ++seed)
    for (std::uint64_t worker = 0; worker < 8; ++worker)
      for (std::uint64_t iter = 0; iter < 8; ++iter)
        seeds.insert(stream_seed(seed, 1, worker, iter));
  CHECK(seeds.size() == 4 * 8 * 8);
  auto a = make_stream(7, StreamPurpose::kSampling, 1);
  auto b = make_stream(7, StreamPurpose::kSampling, 1);
  auto c = make_stream(7, StreamPurpose::kData, 1);
  const auto first = a();
  CHECK(first == b());
  CHECK(first != c());
}
