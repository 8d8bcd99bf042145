#include "problems/block_partition.hpp"

#include "core/error.hpp"

namespace biasbound::problems {

BlockPartition::BlockPartition(int dim, int blocks) {
  if (blocks < 1 || blocks > dim)
    throw core::input_error("blocks = {} is impossible for dimension {}: need 1 <= blocks <= {}",
                            blocks, dim, dim);
  const int base = dim / blocks;
  const int longer = dim % blocks;  // the first d mod B blocks take one coordinate more
  starts_.reserve(static_cast<std::size_t>(blocks) + 1);
  starts_.push_back(0);
  for (int b = 0; b < blocks; ++b) starts_.push_back(starts_.back() + base + (b < longer ? 1 : 0));
}

}  // namespace biasbound::problems
