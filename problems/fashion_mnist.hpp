#pragma once
// Fashion-MNIST (Zalando) restricted to two classes, as shipped by Debian's dataset-fashion-mnist.

#include <filesystem>
#include <string_view>

#include "problems/dataset.hpp"

namespace biasbound::problems {

inline constexpr const char* kFashionMnistDefaultDir = "/usr/share/datasets/fashion-mnist";

/// split is "train" or "t10k". Keeps only the examples whose class is negative_class (label −1)
/// or positive_class (label +1), in file order; features are pixels/255 as a dense rows×784
/// matrix.
Dataset load_fashion_mnist(const std::filesystem::path& dir, std::string_view split,
                           int negative_class, int positive_class);

}  // namespace biasbound::problems
