#include "io/sweep_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "core/csv_writer.hpp"
#include "core/error.hpp"
#include "core/spec.hpp"

namespace biasbound::io {
namespace fs = std::filesystem;
namespace {

std::vector<std::string_view> split_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i)
    if (i == line.size() || line[i] == ',') {
      cells.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  return cells;
}

// A metric cell of trace.csv: empty when not evaluated; nan and inf as CsvWriter writes them.
std::optional<double> metric_cell(std::string_view cell, const fs::path& path, int line) {
  if (cell.empty()) return std::nullopt;
  const std::string text(cell);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size())
    throw core::input_error("{}:{}: '{}' is not a number", path.string(), line, text);
  return value;
}

// The column `name` of a trace.csv header, if it has one.
std::optional<std::size_t> trace_column(const std::vector<std::string_view>& header,
                                        std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

std::optional<double> metric_at(const std::vector<std::string_view>& cells,
                                std::optional<std::size_t> column, const fs::path& path, int line) {
  return column ? metric_cell(cells[*column], path, line) : std::nullopt;
}

const IterationStats* stats_at(const CellResults& results, long long iter) {
  for (const auto& s : results.iterations)
    if (s.iter == iter) return &s;
  return nullptr;
}

// "85.1 ± 0.3": a fraction in percent, as the paper's tables; "—" when there is none.
std::string percent_text(const SeedStat& s) {
  if (!s.mean) return "—";
  if (!s.std) return fmt::format("{:.1f}", 100 * *s.mean);
  return fmt::format("{:.1f} ± {:.1f}", 100 * *s.mean, 100 * *s.std);
}

std::string markdown_cell(std::string text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string diverged_text(const CellResults& r) {
  return fmt::format("{}/{}", r.diverged, r.seeds);
}

// The accuracy stats a table row shows: at T, then at each report_at iteration.
std::vector<SeedStat> table_stats(const SweepFile& sweep, const FinishedCell& done) {
  std::vector<SeedStat> stats;
  const auto at = [&](long long iter) {
    const auto* s = stats_at(done.results, iter);
    return s ? s->test_acc : SeedStat{};
  };
  stats.push_back(at(done.cell->scenario.iterations));
  for (const long long k : sweep.report_at) stats.push_back(at(k));
  return stats;
}

void write_table_csv(const fs::path& path, const SweepFile& sweep,
                     const std::vector<FinishedCell>& cells) {
  std::vector<std::string> columns;
  for (const auto& axis : sweep.grid) columns.push_back(axis.key);
  columns.insert(columns.end(), {"test_acc_mean", "test_acc_std"});
  for (const long long k : sweep.report_at) {
    columns.push_back(fmt::format("test_acc_mean@{}", k));
    columns.push_back(fmt::format("test_acc_std@{}", k));
  }
  columns.push_back("diverged");
  core::CsvWriter csv(path, columns);
  for (const auto& done : cells) {
    for (const auto& value : done.cell->values) csv.cell(std::string_view(value));
    for (const auto& s : table_stats(sweep, done)) csv.cell(s.mean).cell(s.std);
    csv.cell(std::string_view(diverged_text(done.results)));
    csv.end_row();
  }
}

void write_table_md(const fs::path& path, const SweepFile& sweep,
                    const std::vector<FinishedCell>& cells) {
  std::string header = "|", rule = "|";
  const auto column = [&](const std::string& name) {
    header += fmt::format(" {} |", markdown_cell(name));
    rule += "---|";
  };
  for (const auto& axis : sweep.grid) column(axis.key);
  column("test accuracy (%)");
  for (const long long k : sweep.report_at) column(fmt::format("at iteration {} (%)", k));
  column("diverged");
  auto text = fmt::format("{}\n{}\n", header, rule);
  for (const auto& done : cells) {
    text += "|";
    for (const auto& value : done.cell->values) text += fmt::format(" {} |", markdown_cell(value));
    for (const auto& s : table_stats(sweep, done)) text += fmt::format(" {} |", percent_text(s));
    text += fmt::format(" {} |\n", diverged_text(done.results));
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw core::input_error("cannot write '{}'", path.string());
}

struct SeedValues {
  std::vector<std::optional<double>> train_loss, test_loss, test_acc, f, gap, grad_norm2, bits_up,
      bits_down;

  void add(const TraceMetrics& row, std::optional<double> f_star) {
    train_loss.push_back(row.train_loss);
    test_loss.push_back(row.test_loss);
    test_acc.push_back(row.test_acc);
    f.push_back(row.f);
    gap.push_back(row.f && f_star ? std::optional(*row.f - *f_star) : std::nullopt);
    grad_norm2.push_back(row.grad_norm2);
    bits_up.push_back(row.bits_up);
    bits_down.push_back(row.bits_down);
  }

  IterationStats stats(long long iter) const {
    IterationStats s{iter,
                     0,
                     seed_stat(train_loss),
                     seed_stat(test_loss),
                     seed_stat(test_acc),
                     seed_stat(f),
                     seed_stat(gap),
                     seed_stat(grad_norm2),
                     seed_stat(bits_up),
                     seed_stat(bits_down)};
    s.seeds_reporting = s.train_loss.count > 0 ? s.train_loss.count : s.f.count;
    return s;
  }
};

}  // namespace

SeedStat seed_stat(const std::vector<std::optional<double>>& values) {
  // Welford's updates: equal values give exactly their value and a zero deviation.
  SeedStat s;
  double mean = 0, squares = 0;
  for (const auto& v : values) {
    if (!v || !std::isfinite(*v)) continue;
    ++s.count;
    const double delta = *v - mean;
    mean += delta / s.count;
    squares += delta * (*v - mean);
  }
  if (s.count > 0) s.mean = mean;
  if (s.count > 1) s.std = std::sqrt(squares / (s.count - 1));
  return s;
}

CellResults reduce_cell(const std::vector<TraceMetrics>& rows, int seeds, int diverged,
                        const ReduceOptions& options) {
  const bool metrics = std::any_of(rows.begin(), rows.end(),
                                   [](const TraceMetrics& r) { return r.train_loss.has_value(); });
  long long last = 0;
  for (const auto& row : rows) last = std::max(last, row.iter);
  const long long every = std::max(1LL, options.every);
  std::map<long long, SeedValues> by_iter;
  for (const auto& row : rows) {
    const bool kept =
        metrics ? row.train_loss.has_value() : row.iter % every == 0 || row.iter == last;
    if (kept) by_iter[row.iter].add(row, options.f_star);
  }
  CellResults results{seeds, diverged, {}};
  for (const auto& [iter, values] : by_iter) results.iterations.push_back(values.stats(iter));
  return results;
}

std::vector<TraceMetrics> read_trace_metrics(const fs::path& trace_csv) {
  std::ifstream in(trace_csv, std::ios::binary);
  if (!in) throw core::input_error("'{}': cannot be read", trace_csv.string());
  std::string header_line;
  std::getline(in, header_line);
  const auto header = split_cells(header_line);
  const auto seed = trace_column(header, "seed"), iter = trace_column(header, "iter");
  if (!seed || !iter)
    throw core::input_error("'{}' is not a trace.csv: no seed and iter columns",
                            trace_csv.string());
  const auto train_loss = trace_column(header, "train_loss"),
             test_loss = trace_column(header, "test_loss"),
             test_acc = trace_column(header, "test_acc"), f = trace_column(header, "f"),
             grad_norm2 = trace_column(header, "grad_norm2"),
             bits_up = trace_column(header, "bits_up"),
             bits_down = trace_column(header, "bits_down");
  std::vector<TraceMetrics> rows;
  int line = 1;
  for (std::string text; std::getline(in, text);) {
    ++line;
    const auto cells = split_cells(text);
    const bool whole = cells.size() == header.size();
    const auto s = whole ? core::parse_unsigned(cells[*seed]) : std::nullopt;
    const auto k = whole ? core::parse_integer(cells[*iter]) : std::nullopt;
    if (!s || !k)
      throw core::input_error("{}:{}: expected {} cells with a seed and an iteration",
                              trace_csv.string(), line, header.size());
    const auto at = [&](std::optional<std::size_t> column) {
      return metric_at(cells, column, trace_csv, line);
    };
    rows.push_back({*s, *k, at(train_loss), at(test_loss), at(test_acc), at(f), at(grad_norm2),
                    at(bits_up), at(bits_down)});
  }
  return rows;
}

void write_sweep_csv(const fs::path& path, const SweepFile& sweep,
                     const std::vector<FinishedCell>& cells) {
  std::vector<std::string> columns;
  for (const auto& axis : sweep.grid) columns.push_back(axis.key);
  columns.insert(columns.end(), {"iter", "seeds", "seeds_reporting", "diverged"});
  for (const char* metric : {"train_loss", "test_loss", "test_acc", "f", "gap", "grad_norm2"}) {
    columns.push_back(fmt::format("{}_mean", metric));
    columns.push_back(fmt::format("{}_std", metric));
  }
  columns.insert(columns.end(), {"bits_up_mean", "bits_down_mean"});
  core::CsvWriter csv(path, columns);
  for (const auto& done : cells)
    for (const auto& s : done.results.iterations) {
      for (const auto& value : done.cell->values) csv.cell(std::string_view(value));
      csv.cell(s.iter)
          .cell(static_cast<long long>(done.results.seeds))
          .cell(static_cast<long long>(s.seeds_reporting))
          .cell(static_cast<long long>(done.results.diverged));
      for (const auto* stat :
           {&s.train_loss, &s.test_loss, &s.test_acc, &s.f, &s.gap, &s.grad_norm2})
        csv.cell(stat->mean).cell(stat->std);
      csv.cell(s.bits_up.mean).cell(s.bits_down.mean);
      csv.end_row();
    }
}

void write_sweep_tables(const fs::path& dir, const SweepFile& sweep,
                        const std::vector<FinishedCell>& cells) {
  write_table_csv(dir / "table.csv", sweep, cells);
  write_table_md(dir / "table.md", sweep, cells);
}

}  // namespace biasbound::io
