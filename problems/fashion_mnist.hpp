#pragma once
// Fashion-MNIST (Zalando), as shipped by Debian's dataset-fashion-mnist: two classes as a binary
// data set (logistic regression), or several of the ten as a multi-class one (networks).

#include <filesystem>
#include <span>
#include <string_view>

#include "problems/class_dataset.hpp"
#include "problems/dataset.hpp"

namespace biasbound::problems {

inline constexpr const char* kFashionMnistDefaultDir = "/usr/share/datasets/fashion-mnist";

/// split is "train" or "t10k". Keeps only the examples whose class is negative_class (label −1)
/// or positive_class (label +1), in file order; features are pixels/255 as a dense rows×784
/// matrix.
Dataset load_fashion_mnist(const std::filesystem::path& dir, std::string_view split,
                           int negative_class, int positive_class);

/// The examples of `classes` (empty: all ten), in file order, the first `limit` of them (0: all);
/// class classes[j] gets label j. Features are pixels/255 in float32, a dense rows×784 matrix.
ClassDataset load_fashion_mnist_classes(const std::filesystem::path& dir, std::string_view split,
                                        std::span<const int> classes, int limit = 0);

}  // namespace biasbound::problems
