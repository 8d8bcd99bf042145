#include "plots/figure_communication.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/csv_writer.hpp"
#include "plots/gnuplot.hpp"
#include "plots/sweep_record.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

struct CommPoint {
  double iter = 0;
  double bits_up = 0;
  double mean = 0;
  double sd = 0;
};

struct CommLine {
  std::string value{};  // the compressor
  int seeds = 0, diverged = 0;
  std::vector<CommPoint> points{};
};

struct CommGroup {
  std::vector<std::string> figure{};  // the values of the other keys that vary
  std::vector<CommLine> lines{};
};

/// Where each sweep.csv row goes: the key of the lines, the keys of the figures, the quantity.
struct CommLayout {
  std::string line_key{};
  std::vector<std::string> figure_keys{};
  std::string quantity{};  // "gap" (f − f*) or "grad_norm2"
};

std::optional<CommLayout> comm_layout(const SweepRecord& record, const Table& table) {
  const auto varies = [&](const char* key) {
    const auto* axis = record.find(key);
    return axis && axis->values.size() > 1;
  };
  CommLayout layout;
  if (!varies("compressor")) return std::nullopt;
  layout.line_key = "compressor";
  if (!table.has_column("bits_up_mean") || table.rows.empty()) return std::nullopt;
  for (const auto& axis : record.grid)
    if (axis.key != layout.line_key && axis.values.size() > 1)
      layout.figure_keys.push_back(axis.key);
  // f − f* when every row has it (f* known for every cell), else the stationarity measure.
  const auto gap = table.column("gap_mean");
  const bool all_gaps = std::all_of(table.rows.begin(), table.rows.end(),
                                    [&](const auto& row) { return !row[gap].empty(); });
  layout.quantity = all_gaps ? "gap" : "grad_norm2";
  return layout;
}

CommLine& line_of(CommGroup& group, const std::string& value) {
  for (auto& line : group.lines)
    if (line.value == value) return line;
  group.lines.push_back({value, 0, 0, {}});
  return group.lines.back();
}

std::vector<CommGroup> read_groups(const Table& t, const CommLayout& layout) {
  std::vector<CommGroup> groups;
  const auto mean = t.column(layout.quantity + "_mean"), sd = t.column(layout.quantity + "_std");
  for (const auto& row : t.rows) {
    std::vector<std::string> figure;
    for (const auto& key : layout.figure_keys) figure.push_back(row[t.column(key)]);
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const CommGroup& g) { return g.figure == figure; });
    if (it == groups.end()) {
      groups.push_back({figure, {}});
      it = groups.end() - 1;
    }
    auto& line = line_of(*it, row[t.column(layout.line_key)]);
    line.seeds = static_cast<int>(t.number(row, t.column("seeds")).value_or(0));
    line.diverged = static_cast<int>(t.number(row, t.column("diverged")).value_or(0));
    const auto m = t.number(row, mean);
    const auto bits = t.number(row, t.column("bits_up_mean"));
    // A log axis cannot show a gap at or below 0 (f* within the solver's accuracy).
    if (m && *m > 0 && bits)
      line.points.push_back(
          {*t.number(row, t.column("iter")), *bits, *m, t.number(row, sd).value_or(0)});
  }
  return groups;
}

/// gnuplot splits data lines at every comma, quoted or not (as plots/sweep_panels.cpp).
std::string data_cell(std::string text) {
  for (char& c : text) {
    if (c == ',') c = ';';
    if (c == '"') c = '\'';
  }
  return text;
}

double smallest_mean(const CommGroup& group) {
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& line : group.lines)
    for (const auto& p : line.points) smallest = std::min(smallest, p.mean);
  return std::isfinite(smallest) ? smallest : 1e-12;
}

void write_data(const fs::path& path, const CommGroup& group) {
  const double floor = smallest_mean(group) / 10;  // where a band reaching 0 stops on the log axis
  core::CsvWriter csv(path, {"line", "iter", "bits_up", "mean", "lower", "upper"});
  for (const auto& line : group.lines)
    for (const auto& p : line.points)
      csv.cell(data_cell(line.value))
          .cell(p.iter)
          .cell(p.bits_up)
          .cell(p.mean)
          .cell(std::max(p.mean - p.sd, floor))
          .cell(p.mean + p.sd)
          .end_row();
}

constexpr std::array<std::string_view, 8> kCommColours = {
    colour::observed, colour::orange, colour::fit,   colour::analytic,
    colour::sky,      colour::bound,  colour::black, colour::yellow};

std::string legend_of(const CommLine& line) {
  if (line.diverged == 0) return line.value;
  return fmt::format("{} ({}/{} seeds diverged)", line.value, line.diverged, line.seeds);
}

/// One panel: every line against column `x` (2: iteration, 3: bits), its band and its mean.
/// On the bits panel's log axis the start (0 bits) has no place and is left out.
std::string comm_panel(const CommGroup& group, const std::string& data, int column, bool legend) {
  const auto x = column == 3 ? std::string("($3 > 0 ? $3 : NaN)") : fmt::format("{}", column);
  std::string plot = "    plot ";
  for (std::size_t i = 0; i < group.lines.size(); ++i) {
    const auto& line = group.lines[i];
    const auto s = literal(data_cell(line.value));
    plot += fmt::format(
        "{}{} using {x}:(pick({s},5)):(pick({s},6)) with filledcurves fc rgb '{c}' "
        "fs transparent solid 0.15 noborder notitle, \\\n"
        "         '' using {x}:(pick({s},4)) with lines lw 2.5 lc rgb '{c}' title {t} noenhanced",
        i ? ", \\\n         " : "", i ? "''" : literal(data), fmt::arg("x", x), fmt::arg("s", s),
        fmt::arg("c", kCommColours[i % kCommColours.size()]),
        fmt::arg("t", legend ? literal(legend_of(line)) : std::string("''")));
  }
  return plot + "\n";
}

std::string quantity_label(const CommLayout& layout) {
  return layout.quantity == "gap" ? "f(x_k) − f*" : "‖∇f(x_k)‖²";
}

std::string comm_body(const CommGroup& group, const CommLayout& layout, const std::string& data,
                      const std::string& heading) {
  return fmt::format(
      "  set multiplot layout 1,2 title {}\n"
      "  set logscale y\n  set format y '10^{{%L}}'\n  set ylabel {}\n"
      "  set key inside bottom left Left reverse samplen 1.5\n"
      // The body is drawn twice (SVG, then PNG): the bits panel's log x must not carry over.
      "    unset logscale x\n    set format x '%g'\n    set xlabel 'iteration k'\n{}"
      "    unset ylabel\n    set logscale x\n    set format x '10^{{%L}}'\n"
      "    set xlabel 'cumulative uplink bits before x_k'\n{}"
      "  unset multiplot\n",
      literal(heading), literal(quantity_label(layout)), comm_panel(group, data, 2, true),
      comm_panel(group, data, 3, false));
}

std::string comm_caption(const CommLayout& layout, const CommGroup& group,
                         const std::string& values) {
  return fmt::format(
      "{} against the iteration k (left) and against the cumulative uplink bits the workers "
      "sent before x_k (right, both axes logarithmic), one colour per {} ({} line(s){}); lines "
      "are means over the seeds, shaded bands one standard deviation. A compressor that is "
      "slower per iteration can still reach a level with fewer bits: compare the curves at a "
      "height on the right.{}",
      layout.quantity == "gap" ? "Suboptimality f(x_k) − f*" : "Squared gradient norm ‖∇f(x_k)‖²",
      layout.line_key, group.lines.size(), values.empty() ? "" : ", " + values,
      layout.quantity == "gap" ? " Points where the gap is not positive (f* within the solver's "
                                 "accuracy) are not drawn."
                               : " f* is unknown for this problem, so ‖∇f‖² is drawn.");
}

}  // namespace

std::vector<Figure> communication_figures(const fs::path& dir, const fs::path& figures_dir) {
  const auto record = read_sweep_record(dir);
  const auto table = read_table(dir / "sweep.csv");
  const auto layout = comm_layout(record, table);
  if (!layout) return {};
  std::vector<Figure> figures;
  for (const auto& group : read_groups(table, *layout)) {
    Script s;
    s.name = grid_figure_stem("communication", layout->figure_keys, group.figure);
    const auto values = grid_values_text(layout->figure_keys, group.figure);
    const auto heading = fmt::format("{} against iterations and bits{}", quantity_label(*layout),
                                     values.empty() ? "" : ", " + values);
    s.title = heading;
    s.caption = comm_caption(*layout, group, values);
    s.width = 1100;
    s.height = 520;
    write_data(figures_dir / (s.name + ".csv"), group);
    s.body = comm_body(group, *layout, s.name + ".csv", heading);
    figures.push_back(draw(figures_dir, s));
  }
  return figures;
}

}  // namespace biasbound::plots
