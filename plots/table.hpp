#pragma once
// The CSV files biasbound writes (empty cell = undefined; a cell holding a comma quoted, as
// core::CsvWriter writes it), read back for plotting. Every malformed cell is a
// core::InputError naming the file.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_writer.hpp"

namespace biasbound::plots {

struct Table {
  std::filesystem::path path;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each has columns.size() cells

  /// Index of the column `name`; an InputError when the file lacks it.
  std::size_t column(std::string_view name) const;
  bool has_column(std::string_view name) const;
  /// The cell as a number; nullopt when empty, an InputError when it is not a number.
  std::optional<double> number(const std::vector<std::string>& row, std::size_t column) const;
};

Table read_table(const std::filesystem::path& path);

/// The tidy file of a single-panel figure: one row per drawn point, columns
/// series,x,y,lower,upper (lower/upper empty unless the series has an interval). The gnuplot
/// script selects a series by its name (plots/gnuplot.hpp, pick).
class SeriesCsv {
 public:
  explicit SeriesCsv(const std::filesystem::path& path);
  void add(std::string_view series, double x, double y, std::optional<double> lower = {},
           std::optional<double> upper = {});

 private:
  core::CsvWriter out_;
};

}  // namespace biasbound::plots
