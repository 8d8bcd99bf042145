#pragma once
// A CSV writer for tidy tables that flushes every row, so an interrupted run keeps what it wrote.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace biasbound::core {

class CsvWriter {
 public:
  /// Creates (truncates) `path` and writes the header.
  CsvWriter(const std::filesystem::path& path, const std::vector<std::string>& columns);
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  ~CsvWriter();

  CsvWriter& cell(long long value);
  CsvWriter& cell(std::uint64_t value);
  /// Shortest representation that reads back to the same double; nan/inf as such.
  CsvWriter& cell(double value);
  /// Empty cell when the value is absent.
  CsvWriter& cell(std::optional<double> value);
  CsvWriter& cell(std::string_view value);
  /// Ends the row and flushes it to disk; checks the cell count.
  void end_row();

  const std::filesystem::path& path() const { return path_; }

 private:
  void separator();

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::size_t columns_ = 0;
  std::size_t cells_in_row_ = 0;
};

}  // namespace biasbound::core
