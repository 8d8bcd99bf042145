#include "validators/seed_store.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/csv_writer.hpp"
#include "core/error.hpp"

namespace biasbound::validators {
namespace {

constexpr const char* kHeader = "iter,f,grad_norm2,f_virtual,v_norm2";

// A saved seed never diverged (diverging seeds are not saved), so every value is finite; a NaN
// or Inf means the file was damaged, and it would poison the comparison with no file named.
double read_cell(std::string_view cell, std::string_view column, const std::filesystem::path& path,
                 long long line) {
  double value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (cell.empty() || error != std::errc() || end != cell.data() + cell.size() ||
      !std::isfinite(value))
    throw core::input_error(
        "{}:{}: {} = '{}' is not a finite number (delete the file to recompute the seed)",
        path.string(), line, column, cell);
  return value;
}

}  // namespace

SeedStore::SeedStore(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error) throw core::input_error("cannot create '{}': {}", dir_.string(), error.message());
}

std::filesystem::path SeedStore::path(std::uint64_t seed) const {
  return dir_ / fmt::format("seed-{}.csv", seed);
}

std::optional<methods::SeedTrace> SeedStore::load(std::uint64_t seed, long long iterations) const {
  const auto file = path(seed);
  if (std::filesystem::is_directory(file))
    throw core::input_error(
        "{} is a directory: expected a seed file (remove it to recompute the seed)", file.string());
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::string line;
  if (!std::getline(in, line) || line != kHeader)
    throw core::input_error("{}: not a seed file (header '{}' expected)", file.string(), kHeader);
  methods::SeedTrace trace;
  trace.seed = seed;
  long long row = 1;
  while (std::getline(in, line)) {
    ++row;
    std::vector<std::string_view> cells;
    std::string_view rest = line;
    for (std::size_t comma; (comma = rest.find(',')) != std::string_view::npos;) {
      cells.push_back(rest.substr(0, comma));
      rest.remove_prefix(comma + 1);
    }
    cells.push_back(rest);
    if (cells.size() != 5 || read_cell(cells[0], "iter", file, row) != static_cast<double>(row - 2))
      throw core::input_error("{}:{}: malformed row (delete the file to recompute the seed)",
                              file.string(), row);
    trace.f.push_back(read_cell(cells[1], "f", file, row));
    trace.grad_norm2.push_back(read_cell(cells[2], "grad_norm2", file, row));
    if (!cells[3].empty() || !cells[4].empty()) {
      trace.f_virtual.push_back(read_cell(cells[3], "f_virtual", file, row));
      trace.v_norm2.push_back(read_cell(cells[4], "v_norm2", file, row));
    }
  }
  if (!trace.f_virtual.empty() && trace.f_virtual.size() != trace.f.size())
    throw core::input_error(
        "{}: {} of {} rows hold f_virtual and v_norm2 (delete the file to recompute the seed)",
        file.string(), trace.f_virtual.size(), trace.f.size());
  if (static_cast<long long>(trace.f.size()) != iterations + 1)
    throw core::input_error("{}: {} iterates, expected {} (delete the file to recompute the seed)",
                            file.string(), trace.f.size(), iterations + 1);
  return trace;
}

void SeedStore::save(const methods::SeedTrace& trace) const {
  const auto file = path(trace.seed);
  auto temporary = file;
  temporary += ".partial";
  {
    core::CsvWriter csv(temporary, {"iter", "f", "grad_norm2", "f_virtual", "v_norm2"});
    const bool virtual_columns = !trace.f_virtual.empty();
    for (std::size_t k = 0; k < trace.f.size(); ++k) {
      csv.cell(static_cast<long long>(k)).cell(trace.f[k]).cell(trace.grad_norm2[k]);
      if (virtual_columns)
        csv.cell(trace.f_virtual[k]).cell(trace.v_norm2[k]);
      else
        csv.cell(std::optional<double>()).cell(std::optional<double>());
      csv.end_row();
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, file, error);
  if (error) throw core::input_error("cannot write '{}': {}", file.string(), error.message());
}

}  // namespace biasbound::validators
