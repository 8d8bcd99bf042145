#include "problems/libsvm_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/memory.hpp"
#include "core/spec.hpp"

namespace biasbound::problems {

namespace {

struct Location {
  const std::string& path;
  long long line;

  template <typename... Args>
  [[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) const {
    throw core::input_error("{}:{}: {}", path, line,
                            fmt::format(format, std::forward<Args>(args)...));
  }
};

struct Parsed {
  std::vector<Eigen::Triplet<double, int>> entries;
  std::vector<double> labels;
  int max_index = 0;
};

// Removes and returns the next whitespace-separated token; empty when none is left.
std::string_view next_token(std::string_view& rest) {
  constexpr std::string_view kSpace = " \t\r\v\f";
  const auto begin = std::min(rest.find_first_not_of(kSpace), rest.size());
  const auto end = std::min(rest.find_first_of(kSpace, begin), rest.size());
  const auto token = rest.substr(begin, end - begin);
  rest.remove_prefix(end);
  return token;
}

// LIBSVM files commonly write labels as "+1", which from_chars does not accept.
std::optional<double> parse_number(std::string_view text) {
  if (text.starts_with('+') && !text.starts_with("+-")) text.remove_prefix(1);
  return core::parse_double(text);
}

int parse_index(std::string_view text, const Location& at) {
  const auto index = core::parse_integer(text);
  if (!index || *index < 1 || *index > std::numeric_limits<int>::max())
    at.fail("index '{}' is not a positive integer", text);
  return static_cast<int>(*index);
}

void parse_line(std::string_view line, const Location& at, std::optional<int> dim, Parsed& out) {
  line = line.substr(0, line.find('#'));
  std::string_view token = next_token(line);
  if (token.empty()) return;
  const auto label = parse_number(token);
  if (!label) at.fail("label '{}' is not a finite number", token);
  const auto row = static_cast<int>(out.labels.size());
  out.labels.push_back(*label);

  int previous = 0;
  for (token = next_token(line); !token.empty(); token = next_token(line)) {
    if (token.starts_with("qid:")) continue;
    const auto colon = token.find(':');
    if (colon == std::string_view::npos) at.fail("expected index:value, found '{}'", token);
    const int index = parse_index(token.substr(0, colon), at);
    if (index <= previous)
      at.fail("index {} follows index {}: expected strictly ascending indices", index, previous);
    if (dim && index > *dim) at.fail("index {} exceeds dim={}", index, *dim);
    const auto value = parse_number(token.substr(colon + 1));
    if (!value)
      at.fail("value '{}' of index {} is not a finite number", token.substr(colon + 1), index);
    if (*value != 0) out.entries.emplace_back(row, index - 1, *value);
    previous = index;
  }
  out.max_index = std::max(out.max_index, previous);
}

// Rows in order with strictly ascending indices fill the row-major storage directly.
// setFromTriplets would first build a column-major copy with one slot per column: 8 GB of
// bookkeeping for a file whose largest index is 10⁹, however few its entries.
SparseFeatures rows_to_matrix(const Parsed& parsed, int cols) {
  SparseFeatures features(static_cast<Eigen::Index>(parsed.labels.size()), cols);
  features.reserve(static_cast<Eigen::Index>(parsed.entries.size()));
  std::size_t next = 0;
  for (Eigen::Index row = 0; row < features.rows(); ++row) {
    features.startVec(row);
    for (; next < parsed.entries.size() && parsed.entries[next].row() == row; ++next)
      features.insertBack(row, parsed.entries[next].col()) = parsed.entries[next].value();
  }
  features.finalize();
  return features;
}

// Maps the two distinct labels to −1 (smaller) and +1 (larger).
Eigen::VectorXd binary_labels(const std::vector<double>& labels, const std::string& path) {
  std::vector<double> distinct = labels;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() != 2)
    throw core::input_error(
        "LIBSVM file '{}' has {} distinct label value(s): expected exactly two for binary "
        "classification",
        path, distinct.size());
  Eigen::VectorXd signs(static_cast<Eigen::Index>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i)
    signs[static_cast<Eigen::Index>(i)] = labels[i] == distinct[1] ? 1.0 : -1.0;
  return signs;
}

Parsed parse_file(const std::string& name, std::optional<int> dim) {
  if (dim && *dim <= 0)
    throw core::input_error("dim={} for LIBSVM file '{}' is not positive", *dim, name);
  std::ifstream file(name);
  if (!file)
    throw core::input_error("cannot open LIBSVM file '{}': {}", name, std::strerror(errno));

  Parsed parsed;
  std::string line;
  long long line_number = 0;
  while (std::getline(file, line)) parse_line(line, Location{name, ++line_number}, dim, parsed);
  if (file.bad())
    throw core::input_error("cannot read LIBSVM file '{}' after line {}: {}", name, line_number,
                            std::strerror(errno));
  if (parsed.labels.empty()) throw core::input_error("LIBSVM file '{}' holds no examples", name);
  // Labels alone give a 0-column matrix, which nothing downstream can use.
  if (!dim && parsed.max_index == 0)
    throw core::input_error(
        "LIBSVM file '{}' holds labels but no features: none of its {} examples has an "
        "index:value pair",
        name, parsed.labels.size());

  return parsed;
}

// Class c is the c-th smallest label of the training file (`values`, sorted, distinct).
std::vector<int> class_labels(const std::vector<double>& labels, const std::vector<double>& values,
                              const std::string& path) {
  std::vector<int> classes;
  classes.reserve(labels.size());
  for (std::size_t row = 0; row < labels.size(); ++row) {
    const auto it = std::lower_bound(values.begin(), values.end(), labels[row]);
    if (it == values.end() || *it != labels[row])
      throw core::input_error(
          "LIBSVM file '{}': example {} has label {:g}, which the training data does not have "
          "({} classes: {})",
          path, row + 1, labels[row], values.size(), fmt::join(values, ", "));
    classes.push_back(static_cast<int>(it - values.begin()));
  }
  return classes;
}

}  // namespace

LibsvmClasses read_libsvm_classes(const std::filesystem::path& path, std::optional<int> dim,
                                  std::vector<double> label_values) {
  const std::string name = path.string();
  const auto parsed = parse_file(name, dim);
  if (label_values.empty()) {
    label_values = parsed.labels;
    std::sort(label_values.begin(), label_values.end());
    label_values.erase(std::unique(label_values.begin(), label_values.end()), label_values.end());
    if (label_values.size() < 2)
      throw core::input_error("LIBSVM file '{}' has {} distinct label value: need two or more",
                              name, label_values.size());
  }
  const int rows = static_cast<int>(parsed.labels.size());
  const int cols = dim.value_or(parsed.max_index);
  core::require_memory(
      double(rows) * cols * sizeof(float),
      fmt::format("LIBSVM file '{}' as dense float32 rows ({} × {})", name, rows, cols));
  LibsvmClasses out;
  out.data.features = FloatRows::Zero(rows, cols);
  for (const auto& e : parsed.entries)
    out.data.features(e.row(), e.col()) = static_cast<float>(e.value());
  out.data.labels = class_labels(parsed.labels, label_values, name);
  out.data.classes = static_cast<int>(label_values.size());
  out.data.source = fmt::format("libsvm {}", name);
  out.label_values = std::move(label_values);
  return out;
}

Dataset read_libsvm(const std::filesystem::path& path, std::optional<int> dim) {
  const std::string name = path.string();
  const auto parsed = parse_file(name, dim);
  const auto features = rows_to_matrix(parsed, dim.value_or(parsed.max_index));

  Dataset dataset;
  dataset.labels = binary_labels(parsed.labels, name);
  dataset.features = std::move(features);
  dataset.source = fmt::format("libsvm {}", name);
  return dataset;
}

}  // namespace biasbound::problems
