#pragma once
// Synthetic binary classification: Gaussian features, labels from a hidden linear separator with
// a fraction of labels flipped (so the data are not separable and f* is finite for λ = 0).

#include <cstdint>

#include "problems/dataset.hpp"
#include "problems/problem.hpp"

namespace biasbound::problems {

struct SyntheticOptions {
  int examples = 1000;
  int dim = 20;
  double flip = 0.1;  // probability that a label is flipped
  std::uint64_t seed = 0;
};

/// The training set and a test set of `test_examples` rows drawn from the same distribution.
struct SyntheticData {
  Dataset train;
  Dataset test;
};

SyntheticData make_synthetic(const SyntheticOptions& options, int test_examples);

}  // namespace biasbound::problems
