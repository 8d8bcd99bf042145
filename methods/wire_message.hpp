#pragma once
// A worker's message as it travels between MPI ranks (methods/mpi_communicator.hpp), in as few
// bytes as keep every value to the bit, so that a run on R ranks stays identical to the
// in-process run. A sparse message's indices travel as int32; the values as the smallest of
// three exact forms:
//   - doubles, 8 bytes each;
//   - floats, 4 bytes each, when every value is a float exactly (a float32 network's gradient
//     and its Top-K);
//   - a palette of its K ≤ 16 distinct values and a b-bit code per entry, b ∈ {1, 2, 4}: sign
//     and scaled sign take 1 bit (2 with zeros), ternary 2, QSGD with s ≤ 7 levels 4.
// The bit-cost model (estimators::Message::bits, what the theory counts) travels with it.

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "estimators/message.hpp"

namespace biasbound::methods::wire {

enum class Form : std::uint8_t { kDoubles = 0, kFloats = 1, kPalette = 2 };

/// Appends the wire form of `m` to `out`; returns the form its values took.
Form append(const estimators::Message& m, std::vector<char>& out);

/// One message read off the wire (buffers reused from message to message).
struct Received {
  bool sparse = false;
  double bits = 0;
  std::vector<std::int32_t> indices;  // sparse: the support, ascending
  Eigen::VectorXd values;             // the carried values (d of them when dense)
};

/// Reads the message at `at` into `into`; returns the bytes it took.
std::size_t read(const char* at, Received& into);

}  // namespace biasbound::methods::wire
