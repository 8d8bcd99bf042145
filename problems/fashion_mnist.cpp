#include "problems/fashion_mnist.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "problems/idx_loader.hpp"

namespace biasbound::problems {

namespace {

constexpr int kClasses = 10;
using PixelRow = Eigen::Map<const Eigen::Matrix<std::uint8_t, 1, Eigen::Dynamic>>;

std::filesystem::path find_file(const std::filesystem::path& dir, const std::string& name) {
  const auto gz = dir / (name + ".gz");
  if (std::filesystem::exists(gz)) return gz;
  const auto raw = dir / name;
  if (std::filesystem::exists(raw)) return raw;
  throw core::input_error(
      "Fashion-MNIST file '{}' not found, nor its uncompressed form: install the Debian package "
      "dataset-fashion-mnist, or set the problem spec's dir= key to the directory holding it",
      gz.string());
}

void check_classes(int negative_class, int positive_class) {
  for (int c : {negative_class, positive_class})
    if (c < 0 || c >= kClasses)
      throw core::input_error("Fashion-MNIST class {} is out of range: expected 0 to {}", c,
                              kClasses - 1);
  if (negative_class == positive_class)
    throw core::input_error("Fashion-MNIST classes must differ, got {} twice", negative_class);
}

void check_shapes(const IdxArray& images, const IdxArray& labels,
                  const std::filesystem::path& images_path,
                  const std::filesystem::path& labels_path) {
  if (images.dims.size() != 3)
    throw core::input_error("Fashion-MNIST images '{}' have {} dimensions: expected 3",
                            images_path.string(), images.dims.size());
  if (labels.dims.size() != 1)
    throw core::input_error("Fashion-MNIST labels '{}' have {} dimensions: expected 1",
                            labels_path.string(), labels.dims.size());
  if (labels.dims[0] != images.dims[0])
    throw core::input_error("Fashion-MNIST labels '{}' hold {} labels: expected {}, one per image",
                            labels_path.string(), labels.dims[0], images.dims[0]);
  for (std::size_t i = 0; i < labels.data.size(); ++i)
    if (labels.data[i] >= kClasses)
      throw core::input_error("Fashion-MNIST label {} in '{}' is {}: expected 0 to {}", i,
                              labels_path.string(), labels.data[i], kClasses - 1);
}

}  // namespace

Dataset load_fashion_mnist(const std::filesystem::path& dir, std::string_view split,
                           int negative_class, int positive_class) {
  if (split != "train" && split != "t10k")
    throw core::input_error("Fashion-MNIST split '{}' is unknown: expected 'train' or 't10k'",
                            split);
  check_classes(negative_class, positive_class);
  const auto images_path = find_file(dir, fmt::format("{}-images-idx3-ubyte", split));
  const auto labels_path = find_file(dir, fmt::format("{}-labels-idx1-ubyte", split));
  const IdxArray images = read_idx(images_path);
  const IdxArray labels = read_idx(labels_path);
  check_shapes(images, labels, images_path, labels_path);

  std::vector<std::size_t> kept;
  std::size_t positives = 0;
  for (std::size_t i = 0; i < labels.data.size(); ++i)
    if (labels.data[i] == negative_class || labels.data[i] == positive_class) {
      kept.push_back(i);
      positives += labels.data[i] == positive_class;
    }
  // A class without examples leaves one label: not a binary problem, and an empty pair leaves
  // no data at all.
  for (const auto& [c, count] :
       {std::pair{negative_class, kept.size() - positives}, std::pair{positive_class, positives}})
    if (count == 0)
      throw core::input_error(
          "Fashion-MNIST labels '{}' hold no example of class {}: classes={}/{} needs examples "
          "of both",
          labels_path.string(), c, negative_class, positive_class);

  const Eigen::Index pixels = Eigen::Index{images.dims[1]} * images.dims[2];
  DenseFeatures features(static_cast<Eigen::Index>(kept.size()), pixels);
  Eigen::VectorXd signs(features.rows());
  for (Eigen::Index r = 0; r < features.rows(); ++r) {
    const std::size_t example = kept[static_cast<std::size_t>(r)];
    const auto* image = images.data.data() + example * static_cast<std::size_t>(pixels);
    features.row(r) = PixelRow(image, pixels).cast<double>() / 255.0;
    signs[r] = labels.data[example] == positive_class ? 1.0 : -1.0;
  }

  Dataset dataset;
  dataset.features = std::move(features);
  dataset.labels = std::move(signs);
  dataset.source = fmt::format("fashion-mnist {} classes {}/{} ({})", split, negative_class,
                               positive_class, dir.string());
  return dataset;
}

}  // namespace biasbound::problems
