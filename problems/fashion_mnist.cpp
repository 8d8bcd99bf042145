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

struct Split {
  IdxArray images, labels;
  std::filesystem::path labels_path;
  Eigen::Index pixels = 0;
};

Split read_split(const std::filesystem::path& dir, std::string_view split) {
  if (split != "train" && split != "t10k")
    throw core::input_error("Fashion-MNIST split '{}' is unknown: expected 'train' or 't10k'",
                            split);
  const auto images_path = find_file(dir, fmt::format("{}-images-idx3-ubyte", split));
  const auto labels_path = find_file(dir, fmt::format("{}-labels-idx1-ubyte", split));
  Split s{read_idx(images_path), read_idx(labels_path), labels_path, 0};
  check_shapes(s.images, s.labels, images_path, labels_path);
  s.pixels = Eigen::Index{s.images.dims[1]} * s.images.dims[2];
  return s;
}

}  // namespace

Dataset load_fashion_mnist(const std::filesystem::path& dir, std::string_view split,
                           int negative_class, int positive_class) {
  check_classes(negative_class, positive_class);
  const Split data = read_split(dir, split);
  const IdxArray& images = data.images;
  const IdxArray& labels = data.labels;
  const auto& labels_path = data.labels_path;

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

  const Eigen::Index pixels = data.pixels;
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

ClassDataset load_fashion_mnist_classes(const std::filesystem::path& dir, std::string_view split,
                                        std::span<const int> classes, int limit) {
  std::vector<int> label_of(kClasses, -1);  // file class → label, −1: not kept
  for (std::size_t j = 0; j < classes.size(); ++j) {
    const int c = classes[j];
    if (c < 0 || c >= kClasses)
      throw core::input_error("Fashion-MNIST class {} is out of range: expected 0 to {}", c,
                              kClasses - 1);
    if (label_of[static_cast<std::size_t>(c)] >= 0)
      throw core::input_error("Fashion-MNIST class {} is listed twice", c);
    label_of[static_cast<std::size_t>(c)] = static_cast<int>(j);
  }
  if (classes.empty())
    for (int c = 0; c < kClasses; ++c) label_of[static_cast<std::size_t>(c)] = c;
  if (limit < 0) throw core::input_error("Fashion-MNIST: limit must be >= 0, got {}", limit);
  const Split data = read_split(dir, split);

  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < data.labels.data.size(); ++i)
    if (label_of[data.labels.data[i]] >= 0 && (limit == 0 || kept.size() < std::size_t(limit)))
      kept.push_back(i);
  ClassDataset out;
  out.classes = classes.empty() ? kClasses : static_cast<int>(classes.size());
  if (kept.empty())
    throw core::input_error("Fashion-MNIST labels '{}' hold no example of the chosen classes",
                            data.labels_path.string());
  out.features.resize(static_cast<Eigen::Index>(kept.size()), data.pixels);
  for (Eigen::Index r = 0; r < out.features.rows(); ++r) {
    const std::size_t example = kept[static_cast<std::size_t>(r)];
    const auto* image = data.images.data.data() + example * static_cast<std::size_t>(data.pixels);
    out.features.row(r) = PixelRow(image, data.pixels).cast<float>() / 255.0f;
    out.labels.push_back(label_of[data.labels.data[example]]);
  }
  out.source = fmt::format("fashion-mnist {} ({} classes, {} images, {})", split, out.classes,
                           out.rows(), dir.string());
  return out;
}

}  // namespace biasbound::problems
