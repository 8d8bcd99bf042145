#pragma once
// Synthetic binary classification: Gaussian features, labels from a hidden linear separator with
// a fraction of labels flipped (so the data are not separable and f* is finite for λ = 0).

#include <cstdint>
#include <optional>

#include "problems/class_dataset.hpp"
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

/// Synthetic multi-class data for networks: each row's class is uniform over `classes`, its
/// features N(μ_class, I) with class means μ_c ~ N(0, I); a fraction `flip` of the labels is
/// replaced by a uniform class (label noise, so no network fits the data exactly).
struct SyntheticClassOptions {
  int examples = 1000;
  int dim = 20;
  int classes = 3;
  double flip = 0.1;
  std::uint64_t seed = 0;
};

struct SyntheticClassData {
  ClassDataset train;
  std::optional<ClassDataset> test;
};

/// The same errors as make_synthetic, and classes < 2.
SyntheticClassData make_synthetic_classes(const SyntheticClassOptions& options, int test_examples);

}  // namespace biasbound::problems
