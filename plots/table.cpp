#include "plots/table.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "core/error.hpp"

namespace biasbound::plots {
namespace {

// core::CsvWriter quotes a text cell holding a comma (a problem spec in a sweep's grid), with
// inner quotes doubled; a cell holds no line break.
std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"')
      cells.back() += line[++i];
    else if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      cells.emplace_back();
    else if (c != '\r')
      cells.back() += c;
  }
  return cells;
}

}  // namespace

std::size_t Table::column(std::string_view name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) throw core::input_error("{}: no column '{}'", path.string(), name);
  return static_cast<std::size_t>(it - columns.begin());
}

bool Table::has_column(std::string_view name) const {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

std::optional<double> Table::number(const std::vector<std::string>& row, std::size_t index) const {
  const auto& cell = row.at(index);
  if (cell.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  if (end != cell.c_str() + cell.size())
    throw core::input_error("{}: column '{}' holds '{}', not a number", path.string(),
                            columns.at(index), cell);
  return value;
}

Table read_table(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw core::input_error("cannot read {}", path.string());
  Table table;
  table.path = path;
  std::string line;
  if (!std::getline(in, line)) throw core::input_error("{}: empty file", path.string());
  table.columns = split_cells(line);
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto cells = split_cells(line);
    if (cells.size() != table.columns.size())
      throw core::input_error("{}: line {} has {} cells, the header {}", path.string(), number,
                              cells.size(), table.columns.size());
    table.rows.push_back(std::move(cells));
  }
  return table;
}

SeriesCsv::SeriesCsv(const std::filesystem::path& path)
    : out_(path, {"series", "x", "y", "lower", "upper"}) {}

void SeriesCsv::add(std::string_view series, double x, double y, std::optional<double> lower,
                    std::optional<double> upper) {
  out_.cell(series).cell(x).cell(y).cell(lower).cell(upper).end_row();
}

}  // namespace biasbound::plots
