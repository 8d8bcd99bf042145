#include "validators/seed_store.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv_writer.hpp"
#include "core/error.hpp"

namespace biasbound::validators {
namespace {

constexpr const char* kHeader = "iter,f,grad_norm2,f_virtual,v_norm2,bits_up,bits_down";
// Seed files written before the traces recorded bits: read, with the bits left empty.
constexpr const char* kHeaderWithoutBits = "iter,f,grad_norm2,f_virtual,v_norm2";

// A finished seed's values are all finite, and so are a diverged seed's but for its last row;
// any other NaN or Inf means the file was damaged, and it would poison the comparison with no
// file named.
double read_cell(std::string_view cell, std::string_view column, const std::filesystem::path& path,
                 long long line, bool may_be_infinite = false) {
  double value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (cell.empty() || error != std::errc() || end != cell.data() + cell.size() ||
      (!std::isfinite(value) && !may_be_infinite))
    throw core::input_error(
        "{}:{}: {} = '{}' is not a finite number (delete the file to recompute the seed)",
        path.string(), line, column, cell);
  return value;
}

// Writes `text` to `file` through a temporary file, so a reader sees all of it or nothing.
void write_atomically(const std::filesystem::path& file, const std::string& text) {
  auto temporary = file;
  temporary += ".partial";
  {
    std::ofstream out(temporary);
    out << text;
    if (!out) throw core::input_error("cannot write '{}'", temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, file, error);
  if (error) throw core::input_error("cannot write '{}': {}", file.string(), error.message());
}

std::optional<std::string> read_divergence(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
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

std::filesystem::path SeedStore::divergence_path(std::uint64_t seed) const {
  return dir_ / fmt::format("seed-{}.diverged.txt", seed);
}

std::optional<methods::SeedTrace> SeedStore::load(std::uint64_t seed, long long iterations) const {
  const auto file = path(seed);
  if (std::filesystem::is_directory(file))
    throw core::input_error(
        "{} is a directory: expected a seed file (remove it to recompute the seed)", file.string());
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::string line;
  const bool read = static_cast<bool>(std::getline(in, line));
  const bool bits = read && line == kHeader;
  if (!read || (!bits && line != kHeaderWithoutBits))
    throw core::input_error("{}: not a seed file (header '{}' expected)", file.string(), kHeader);
  methods::SeedTrace trace;
  trace.seed = seed;
  trace.divergence = read_divergence(divergence_path(seed));
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  long long row = 1;
  for (const auto& text : lines) {
    ++row;
    // A diverged seed stops at the row that holds the non-finite value.
    const bool last = trace.divergence && row == static_cast<long long>(lines.size()) + 1;
    std::vector<std::string_view> cells;
    std::string_view rest = text;
    for (std::size_t comma; (comma = rest.find(',')) != std::string_view::npos;) {
      cells.push_back(rest.substr(0, comma));
      rest.remove_prefix(comma + 1);
    }
    cells.push_back(rest);
    if (cells.size() != (bits ? 7u : 5u) ||
        read_cell(cells[0], "iter", file, row) != static_cast<double>(row - 2))
      throw core::input_error("{}:{}: malformed row (delete the file to recompute the seed)",
                              file.string(), row);
    trace.f.push_back(read_cell(cells[1], "f", file, row, last));
    trace.grad_norm2.push_back(read_cell(cells[2], "grad_norm2", file, row, last));
    if (!cells[3].empty() || !cells[4].empty()) {
      trace.f_virtual.push_back(read_cell(cells[3], "f_virtual", file, row, last));
      trace.v_norm2.push_back(read_cell(cells[4], "v_norm2", file, row, last));
    }
    if (bits && (!cells[5].empty() || !cells[6].empty())) {
      trace.bits_up.push_back(read_cell(cells[5], "bits_up", file, row));
      trace.bits_down.push_back(read_cell(cells[6], "bits_down", file, row));
    }
  }
  if (!trace.bits_up.empty() && trace.bits_up.size() != trace.f.size())
    throw core::input_error(
        "{}: {} of {} rows hold bits_up and bits_down (delete the file to recompute the seed)",
        file.string(), trace.bits_up.size(), trace.f.size());
  if (!trace.f_virtual.empty() && trace.f_virtual.size() != trace.f.size())
    throw core::input_error(
        "{}: {} of {} rows hold f_virtual and v_norm2 (delete the file to recompute the seed)",
        file.string(), trace.f_virtual.size(), trace.f.size());
  const auto rows = static_cast<long long>(trace.f.size());
  if (trace.divergence ? rows < 1 || rows > iterations + 1 : rows != iterations + 1)
    throw core::input_error(
        "{}: {} iterates, expected {}{} (delete the file to recompute the seed)", file.string(),
        rows, trace.divergence ? "at most " : "", iterations + 1);
  return trace;
}

void SeedStore::save(const methods::SeedTrace& trace) const {
  const auto file = path(trace.seed);
  // The divergence first: a seed file never stands without it when its seed diverged.
  std::error_code ignored;
  if (trace.divergence)
    write_atomically(divergence_path(trace.seed), *trace.divergence + "\n");
  else
    std::filesystem::remove(divergence_path(trace.seed), ignored);
  auto temporary = file;
  temporary += ".partial";
  {
    core::CsvWriter csv(
        temporary, {"iter", "f", "grad_norm2", "f_virtual", "v_norm2", "bits_up", "bits_down"});
    const bool virtual_columns = !trace.f_virtual.empty();
    // A trace read from a seed file without bits is saved without them (0 would be a claim).
    const bool bits = trace.bits_up.size() == trace.f.size();
    for (std::size_t k = 0; k < trace.f.size(); ++k) {
      csv.cell(static_cast<long long>(k)).cell(trace.f[k]).cell(trace.grad_norm2[k]);
      if (virtual_columns)
        csv.cell(trace.f_virtual[k]).cell(trace.v_norm2[k]);
      else
        csv.cell(std::optional<double>()).cell(std::optional<double>());
      if (bits)
        csv.cell(trace.bits_up[k]).cell(trace.bits_down[k]);
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
