#pragma once
// A multi-class data set for networks: float32 features (what the network's GEMMs read) and
// labels 0 … classes − 1.

#include <Eigen/Core>
#include <span>
#include <string>
#include <vector>

namespace biasbound::problems {

using FloatRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ClassDataset {
  FloatRows features;
  std::vector<int> labels;  // one per row, in [0, classes)
  int classes = 0;
  std::string source;  // where it came from, for messages and run.json

  int rows() const { return static_cast<int>(features.rows()); }
  int cols() const { return static_cast<int>(features.cols()); }
  /// The labels as doubles, for problems::make_shards.
  Eigen::VectorXd label_vector() const;
  /// The rows in `order` (indices may repeat), in that order.
  ClassDataset select_rows(std::span<const int> order) const;
};

}  // namespace biasbound::problems
