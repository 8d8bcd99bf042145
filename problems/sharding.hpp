#pragma once
// How examples are split over workers. Every worker gets ⌊N/n⌋ or ⌈N/n⌉ examples.

#include <Eigen/Core>
#include <cstdint>
#include <string_view>
#include <vector>

namespace biasbound::problems {

enum class Sharding {
  kContiguous,   // file order, consecutive blocks: the seed paper's fixed unshuffled shards
  kIid,          // a seeded random permutation, then blocks
  kLabelSorted,  // sorted by label (stable), then blocks: maximally heterogeneous workers
};

Sharding parse_sharding(std::string_view name);
std::string_view to_string(Sharding sharding);

/// Row indices of each worker's shard.
std::vector<std::vector<int>> make_shards(const Eigen::VectorXd& labels, int workers,
                                          Sharding sharding, std::uint64_t seed);

}  // namespace biasbound::problems
