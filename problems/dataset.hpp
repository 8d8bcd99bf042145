#pragma once
// A binary-classification data set: features (dense or sparse rows) and labels in {−1, +1}.

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <span>
#include <string>
#include <variant>

namespace biasbound::problems {

using DenseFeatures = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using SparseFeatures = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;

struct Dataset {
  std::variant<DenseFeatures, SparseFeatures> features;
  Eigen::VectorXd labels;  // one per row, each −1 or +1
  std::string source;      // where it came from, for messages and run.json

  int rows() const;
  int cols() const;
  /// The rows in `order` (indices may repeat), in that order.
  Dataset select_rows(std::span<const int> order) const;
};

}  // namespace biasbound::problems
