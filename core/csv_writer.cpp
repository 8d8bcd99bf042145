#include "core/csv_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/error.hpp"

namespace biasbound::core {

CsvWriter::CsvWriter(const std::filesystem::path& path, const std::vector<std::string>& columns)
    : path_(path), columns_(columns.size()) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) throw input_error("cannot write '{}': {}", path.string(), std::strerror(errno));
  for (const auto& column : columns) cell(std::string_view(column));
  end_row();
}

CsvWriter::~CsvWriter() {
  if (file_) std::fclose(file_);
}

void CsvWriter::separator() {
  if (cells_in_row_++ > 0) std::fputc(',', file_);
}

CsvWriter& CsvWriter::cell(long long value) {
  separator();
  fmt::print(file_, "{}", value);
  return *this;
}

CsvWriter& CsvWriter::cell(std::uint64_t value) {
  separator();
  fmt::print(file_, "{}", value);
  return *this;
}

CsvWriter& CsvWriter::cell(double value) {
  separator();
  fmt::print(file_, "{}", value);
  return *this;
}

CsvWriter& CsvWriter::cell(std::optional<double> value) {
  if (value) return cell(*value);
  separator();
  return *this;
}

CsvWriter& CsvWriter::cell(std::string_view value) {
  separator();
  const bool quote = value.find_first_of(",\"\n") != std::string_view::npos;
  if (!quote) {
    fmt::print(file_, "{}", value);
    return *this;
  }
  std::fputc('"', file_);
  for (char c : value) {
    if (c == '"') std::fputc('"', file_);
    std::fputc(c, file_);
  }
  std::fputc('"', file_);
  return *this;
}

void CsvWriter::end_row() {
  if (cells_in_row_ != columns_)
    throw std::logic_error(fmt::format("CSV row in '{}' has {} cells, header has {}",
                                       path_.string(), cells_in_row_, columns_));
  std::fputc('\n', file_);
  std::fflush(file_);
  cells_in_row_ = 0;
}

}  // namespace biasbound::core
