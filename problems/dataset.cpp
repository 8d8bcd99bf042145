#include "problems/dataset.hpp"

#include <vector>

namespace biasbound::problems {

int Dataset::rows() const {
  return std::visit([](const auto& m) { return static_cast<int>(m.rows()); }, features);
}

int Dataset::cols() const {
  return std::visit([](const auto& m) { return static_cast<int>(m.cols()); }, features);
}

namespace {

DenseFeatures select(const DenseFeatures& m, std::span<const int> order) {
  DenseFeatures out(static_cast<Eigen::Index>(order.size()), m.cols());
  for (std::size_t r = 0; r < order.size(); ++r)
    out.row(static_cast<Eigen::Index>(r)) = m.row(order[r]);
  return out;
}

// Filled row by row: setFromTriplets would build a column-major copy with one slot per column,
// gigabytes for a very wide (LIBSVM) matrix however sparse it is.
SparseFeatures select(const SparseFeatures& m, std::span<const int> order) {
  Eigen::Index entries = 0;
  for (int r : order)
    for (SparseFeatures::InnerIterator it(m, r); it; ++it) ++entries;
  SparseFeatures out(static_cast<Eigen::Index>(order.size()), m.cols());
  out.reserve(entries);
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto row = static_cast<Eigen::Index>(r);
    out.startVec(row);
    for (SparseFeatures::InnerIterator it(m, order[r]); it; ++it)
      out.insertBack(row, it.col()) = it.value();
  }
  out.finalize();
  return out;
}

}  // namespace

Dataset Dataset::select_rows(std::span<const int> order) const {
  Dataset out;
  out.features =
      std::visit([&](const auto& m) -> decltype(features) { return select(m, order); }, features);
  out.labels.resize(static_cast<Eigen::Index>(order.size()));
  for (std::size_t r = 0; r < order.size(); ++r)
    out.labels[static_cast<Eigen::Index>(r)] = labels[order[r]];
  out.source = source;
  return out;
}

}  // namespace biasbound::problems
