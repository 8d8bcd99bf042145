#pragma once
// Reader for the IDX array format of MNIST and Fashion-MNIST, gzip-compressed or raw.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace biasbound::problems {

struct IdxArray {
  std::vector<int> dims;           // outermost first
  std::vector<std::uint8_t> data;  // row-major, prod(dims) bytes
};

/// Reads an unsigned-byte (type 0x08) IDX array; any other content throws core::InputError.
IdxArray read_idx(const std::filesystem::path& path);

}  // namespace biasbound::problems
