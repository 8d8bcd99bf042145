#include "problems/class_dataset.hpp"

namespace biasbound::problems {

Eigen::VectorXd ClassDataset::label_vector() const {
  Eigen::VectorXd v(rows());
  for (int r = 0; r < rows(); ++r) v[r] = labels[static_cast<std::size_t>(r)];
  return v;
}

ClassDataset ClassDataset::select_rows(std::span<const int> order) const {
  ClassDataset out;
  out.features.resize(static_cast<Eigen::Index>(order.size()), features.cols());
  out.labels.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    out.features.row(static_cast<Eigen::Index>(i)) = features.row(order[i]);
    out.labels.push_back(labels[static_cast<std::size_t>(order[i])]);
  }
  out.classes = classes;
  out.source = source;
  return out;
}

}  // namespace biasbound::problems
