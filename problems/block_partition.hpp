#pragma once
// A partition of x ∈ R^d into B contiguous blocks, as equal as possible: the first d mod B
// blocks have ⌊d/B⌋ + 1 coordinates, the others ⌊d/B⌋ (block-coordinate descent, THEORY.md §4).

#include <vector>

namespace biasbound::problems {

class BlockPartition {
 public:
  /// Throws core::InputError unless 1 ≤ blocks ≤ dim.
  BlockPartition(int dim, int blocks);

  int blocks() const { return static_cast<int>(starts_.size()) - 1; }
  int dim() const { return starts_.back(); }
  /// The first coordinate of block b and its number of coordinates d_b.
  int start(int block) const { return starts_[static_cast<std::size_t>(block)]; }
  int size(int block) const { return start(block + 1) - start(block); }

 private:
  std::vector<int> starts_;  // block b is [starts_[b], starts_[b + 1])
};

}  // namespace biasbound::problems
