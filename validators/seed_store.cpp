#include "validators/seed_store.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/csv_writer.hpp"
#include "core/error.hpp"

namespace biasbound::validators {
namespace {

constexpr const char* kHeader = "iter,f,grad_norm2,f_virtual,v_norm2";

double read_cell(std::string_view cell, const std::filesystem::path& path, long long line) {
  if (cell.empty()) return std::numeric_limits<double>::quiet_NaN();
  double value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (error != std::errc() || end != cell.data() + cell.size())
    throw core::input_error("{}:{}: '{}' is not a number (delete the file to recompute the seed)",
                            path.string(), line, cell);
  return value;
}

}  // namespace

SeedStore::SeedStore(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

std::filesystem::path SeedStore::path(std::uint64_t seed) const {
  return dir_ / fmt::format("seed-{}.csv", seed);
}

std::optional<methods::SeedTrace> SeedStore::load(std::uint64_t seed, long long iterations) const {
  const auto file = path(seed);
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
    if (cells.size() != 5 || read_cell(cells[0], file, row) != static_cast<double>(row - 2))
      throw core::input_error("{}:{}: malformed row (delete the file to recompute the seed)",
                              file.string(), row);
    trace.f.push_back(read_cell(cells[1], file, row));
    trace.grad_norm2.push_back(read_cell(cells[2], file, row));
    if (!cells[3].empty()) {
      trace.f_virtual.push_back(read_cell(cells[3], file, row));
      trace.v_norm2.push_back(read_cell(cells[4], file, row));
    }
  }
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
  std::filesystem::rename(temporary, file);
}

}  // namespace biasbound::validators
