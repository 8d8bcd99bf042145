#pragma once
// Readers for classification data in the LIBSVM / SVMlight text format: binary (logistic
// regression) and multi-class (networks).

#include <filesystem>
#include <optional>

#include <vector>

#include "problems/class_dataset.hpp"
#include "problems/dataset.hpp"

namespace biasbound::problems {

/// Reads a LIBSVM/SVMlight file: "label index:value index:value ...", 1-based ascending indices,
/// '#' starts a comment, blank lines skipped, "qid:N" tokens ignored. Sparse storage, zeros
/// dropped. Binary labels mapped to {−1,+1}: {−1,+1} kept, {0,1} → {−1,+1}, any other two
/// distinct values → smaller −1, larger +1; more than two distinct labels, or only one → error.
/// `dim`: number of features; when absent it is the largest index seen; an index above a given
/// dim is an error.
Dataset read_libsvm(const std::filesystem::path& path, std::optional<int> dim = std::nullopt);

struct LibsvmClasses {
  ClassDataset data;
  std::vector<double> label_values;  // class c is the file's label label_values[c]
};

/// The same file format as multi-class data for networks: dense float32 rows, and labels mapped
/// to classes 0 … K − 1 in ascending label order. `label_values` (a training file's, for its
/// test file) fixes the classes instead; a label outside them is an error naming the example.
/// Two or more distinct labels are needed.
LibsvmClasses read_libsvm_classes(const std::filesystem::path& path,
                                  std::optional<int> dim = std::nullopt,
                                  std::vector<double> label_values = {});

}  // namespace biasbound::problems
