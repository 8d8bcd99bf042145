#pragma once
// Synthetic binary classification: Gaussian features, labels from a hidden linear separator with
// a fraction of labels flipped (so the data are not separable and f* is finite for λ = 0).

#include <cstdint>
#include <optional>

#include "problems/dataset.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

struct SyntheticOptions {
  int examples = 1000;
  int dim = 20;
  double flip = 0.1;  // probability that a label is flipped
  std::uint64_t seed = 0;
};

/// The training set and a test set of `test_examples` rows drawn from the same distribution;
/// no test set when test_examples = 0.
struct SyntheticData {
  Dataset train;
  std::optional<Dataset> test;
};

/// Impossible options (n < 1, d < 1, flip outside [0, 0.5], test_examples < 0) and sizes that do
/// not fit in the available memory are InputErrors naming them.
SyntheticData make_synthetic(const SyntheticOptions& options, int test_examples);

}  // namespace biasbound::problems
