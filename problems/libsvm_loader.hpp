#pragma once
// Reader for binary-classification data in the LIBSVM / SVMlight text format.

#include <filesystem>
#include <optional>

#include "problems/dataset.hpp"

namespace biasbound::problems {

/// Reads a LIBSVM/SVMlight file: "label index:value index:value ...", 1-based ascending indices,
/// '#' starts a comment, blank lines skipped, "qid:N" tokens ignored. Sparse storage, zeros
/// dropped. Binary labels mapped to {−1,+1}: {−1,+1} kept, {0,1} → {−1,+1}, any other two
/// distinct values → smaller −1, larger +1; more than two distinct labels, or only one → error.
/// `dim`: number of features; when absent it is the largest index seen; an index above a given
/// dim is an error.
Dataset read_libsvm(const std::filesystem::path& path, std::optional<int> dim = std::nullopt);

}  // namespace biasbound::problems
