#pragma once
// Seeded random streams. A run is a pure function of its seed: every random draw comes from a
// stream keyed by (seed, worker, iteration, purpose), so results do not depend on how work is
// scheduled over threads or processes. Distributions come from Boost.Random, whose output is
// specified exactly (unlike std::'s), so streams are reproducible across standard libraries.

#include <cstdint>
#include <random>

namespace biasbound::core {

using Rng = std::mt19937_64;

/// SplitMix64's finaliser: a bijective mix of 64 bits.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// The seed of the stream for (seed, a, b, c); distinct keys give unrelated streams.
constexpr std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0,
                                    std::uint64_t c = 0) {
  return mix64(mix64(mix64(mix64(seed) ^ a) ^ b) ^ c);
}

/// Purposes of streams, so that e.g. data generation and sampling never share a stream.
enum class StreamPurpose : std::uint64_t {
  kSampling = 1,
  kData = 2,
  kSharding = 3,
  kCompressor = 4,
  kMeasure = 5,
  kInit = 6  // a seeded initial point (a network's weights)
};

inline Rng make_stream(std::uint64_t seed, StreamPurpose purpose, std::uint64_t a = 0,
                       std::uint64_t b = 0) {
  return Rng(stream_seed(seed, static_cast<std::uint64_t>(purpose), a, b));
}

}  // namespace biasbound::core
