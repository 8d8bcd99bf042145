// Fuzzes the LIBSVM reader (problems/libsvm_loader.*). A malformed file must be an InputError; a
// file that reads must give one ±1 label per row, and reading it again with an explicit dim must
// agree: dim = the width read gives the same matrix, a wider dim only adds empty columns, a
// narrower one is an InputError.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "core/error.hpp"
#include "fuzz/fuzz_support.hpp"
#include "problems/libsvm_loader.hpp"

namespace {

using biasbound::problems::Dataset;
using biasbound::problems::SparseFeatures;

const SparseFeatures& sparse(const Dataset& d) {
  BIASBOUND_FUZZ_CHECK(std::holds_alternative<SparseFeatures>(d.features));
  return std::get<SparseFeatures>(d.features);
}

// Equal entry by entry (isApprox would overflow on values near the largest double).
bool same_entries(const SparseFeatures& a, const SparseFeatures& b) {
  if (a.rows() != b.rows() || a.nonZeros() != b.nonZeros()) return false;
  for (Eigen::Index row = 0; row < a.outerSize(); ++row) {
    SparseFeatures::InnerIterator x(a, row), y(b, row);
    for (; x && y; ++x, ++y)
      if (x.index() != y.index() || x.value() != y.value()) return false;
    if (x || y) return false;
  }
  return true;
}

std::optional<Dataset> read(const std::filesystem::path& path, std::optional<int> dim) {
  try {
    return biasbound::problems::read_libsvm(path, dim);
  } catch (const biasbound::core::InputError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static biasbound::fuzz::InputFile file("libsvm");
  file.write(data, size);
  const auto first = read(file.path(), std::nullopt);
  if (!first) return 0;

  const auto& features = sparse(*first);
  BIASBOUND_FUZZ_CHECK(first->rows() >= 2);  // two distinct labels need two examples
  BIASBOUND_FUZZ_CHECK(first->labels.size() == first->rows());
  BIASBOUND_FUZZ_CHECK(features.rows() == first->rows() && features.cols() == first->cols());
  bool negative = false, positive = false;
  for (double label : first->labels) {
    BIASBOUND_FUZZ_CHECK(label == -1.0 || label == 1.0);
    (label < 0 ? negative : positive) = true;
  }
  BIASBOUND_FUZZ_CHECK(negative && positive);

  const int width = first->cols();
  if (width >= 1) {
    const auto same = read(file.path(), width);
    BIASBOUND_FUZZ_CHECK(same && same->cols() == width);
    BIASBOUND_FUZZ_CHECK(same_entries(sparse(*same), features));
    BIASBOUND_FUZZ_CHECK(same->labels == first->labels);
  }
  if (width < 1 << 20) {
    const auto wider = read(file.path(), width + 1);
    BIASBOUND_FUZZ_CHECK(wider && wider->cols() == width + 1);
    BIASBOUND_FUZZ_CHECK(same_entries(sparse(*wider), features));
  }
  if (width > 1) BIASBOUND_FUZZ_CHECK(!read(file.path(), width - 1));
  return 0;
}
