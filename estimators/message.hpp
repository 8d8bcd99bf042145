#pragma once
// What a worker sends to the server: a vector, dense or carried on a sparse support, and its
// encoded size under the bit-cost model (32-bit floats, ⌈log₂ d⌉-bit indices).

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <vector>

namespace biasbound::estimators {

struct Message {
  Eigen::VectorXd values;    // the vector, zero off the support when sparse
  std::vector<int> support;  // ascending indices carried, when sparse
  bool sparse = false;
  double bits = 0;

  void resize(int dim) {
    values.setZero(dim);
    support.reserve(static_cast<std::size_t>(dim));
  }
};

/// Bits of a dense message of d 32-bit floats.
inline double dense_bits(int dim) {
  return 32.0 * dim;
}

/// Bits of a sparse message of k (index, 32-bit value) pairs in dimension d.
inline double sparse_bits(int k, int dim) {
  return k * (32.0 + std::ceil(std::log2(std::max(2, dim))));
}

}  // namespace biasbound::estimators
