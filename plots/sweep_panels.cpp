#include "plots/sweep_panels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "core/csv_writer.hpp"
#include "plots/gnuplot.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// How the loss panels show the loss: on a log axis only when every mean drawn is positive (a
/// quadratic's f is often negative, and a log axis with no positive value is a gnuplot error).
struct LossAxis {
  bool log = true;
  double floor = 0;  // where a band reaching 0 or below stops on the log axis
};

LossAxis loss_axis(const std::vector<SweepLine>& lines) {
  LossAxis axis;
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& line : lines)
    for (const auto& [k, band] : line.loss) {
      if (!(band.mean > 0)) axis.log = false;
      if (band.mean > 0) smallest = std::min(smallest, band.mean);
    }
  axis.floor = std::isfinite(smallest) ? smallest / 10 : 1e-12;
  return axis;
}

/// gnuplot splits data lines at every comma, quoted or not: a label cell (an estimator spec
/// such as quant:bits=4,... ) keeps its meaning with ';' for ',' and no double quote.
std::string gnuplot_cell(std::string text) {
  for (char& c : text) {
    if (c == ',') c = ';';
    if (c == '"') c = '\'';
  }
  return text;
}

void write_curve(core::CsvWriter& csv, const SweepLine& line, const char* quantity,
                 const std::map<double, SeedBand>& curve, std::optional<double> floor) {
  for (const auto& [k, band] : curve) {
    const double lower = floor ? std::max(band.mean - band.sd, *floor) : band.mean - band.sd;
    csv.cell(gnuplot_cell(line.column)).cell(gnuplot_cell(line.value)).cell(quantity).cell(k);
    csv.cell(band.mean).cell(lower).cell(band.mean + band.sd);
    csv.cell(std::string_view(line.status)).end_row();
  }
}

// Distinct colours for line values in a fixed order (no bound in this figure, so vermillion is
// free).
constexpr std::array<std::string_view, 8> kLineColours = {
    colour::observed, colour::orange, colour::fit,   colour::analytic,
    colour::sky,      colour::bound,  colour::black, colour::yellow};

template <typename T>
std::vector<T> distinct(const std::vector<SweepLine>& lines, T SweepLine::*member) {
  std::vector<T> values;
  for (const auto& line : lines)
    if (std::find(values.begin(), values.end(), line.*member) == values.end())
      values.push_back(line.*member);
  return values;
}

/// What one panel draws.
struct PanelSpec {
  const std::vector<SweepLine>& lines;
  const std::vector<std::string>& values;  // the line values, in colour order
  const std::string& data;                 // the data file's name
  const std::string& column;               // the estimator of the panel
  const char* quantity;
  bool legend;
};

/// One panel: every line of the panel's column for its quantity, the legend only in the first
/// column.
std::string panel(const PanelSpec& p) {
  std::string plot = "    plot ";
  bool first = true;
  for (const auto& line : p.lines) {
    if (line.column != p.column) continue;
    const auto index = std::find(p.values.begin(), p.values.end(), line.value) - p.values.begin();
    const auto colour = kLineColours[static_cast<std::size_t>(index) % kLineColours.size()];
    const auto select = fmt::format("{},{},\"{}\"", literal(gnuplot_cell(line.column)),
                                    literal(gnuplot_cell(line.value)), p.quantity);
    plot += fmt::format(
        "{}{} using 4:(pick3({s},6)):(pick3({s},7)) with filledcurves fc rgb '{c}' "
        "fs transparent solid 0.15 noborder, \\\n"
        "         '' using 4:(pick3({s},5)) with lines lw 2.5 lc rgb '{c}' title {t} noenhanced",
        first ? "" : ", \\\n         ", first ? literal(p.data) : "''", fmt::arg("s", select),
        fmt::arg("c", colour),
        // An incomplete line is named in every panel, not only where the legend is.
        fmt::arg("t", p.legend || line.status != "completed" ? literal(line.legend)
                                                             : std::string("''")));
    first = false;
  }
  return plot + "\n";
}

// Losses often span less than a decade, where gnuplot's log axis labels nothing: label the
// 1-2-5 values of every decade instead.
std::string one_two_five_tics() {
  std::string tics;
  for (int decade = -8; decade <= 4; ++decade)
    for (double mantissa : {1.0, 2.0, 5.0}) {
      const double v = mantissa * std::pow(10.0, decade);
      tics += fmt::format("{}\"{:g}\" {:g}", tics.empty() ? "" : ", ", v, v);
    }
  return "  set ytics (" + tics + ")\n";
}

std::string body(const std::vector<SweepLine>& lines, const SweepPanels& panels, bool accuracy,
                 const LossAxis& axis) {
  const auto columns = distinct(lines, &SweepLine::column);
  const auto values = distinct(lines, &SweepLine::value);
  const auto data = panels.name + ".csv";
  std::string text = fmt::format(
      "  pick3(e, b, q, c) = strcol(1) eq e && strcol(2) eq b && strcol(3) eq q ? column(c) : NaN\n"
      "  set multiplot layout {},{} title {} noenhanced\n",
      accuracy ? 2 : 1, columns.size(),
      literal(panels.heading + ": mean ± one standard deviation over seeds"));
  // layout fills rows first: every estimator's loss panel, then every accuracy panel.
  for (const char* quantity : accuracy ? std::vector{"f", "test_acc"} : std::vector{"f"}) {
    const bool loss = std::string(quantity) == "f";
    const std::string scale = axis.log ? "  set logscale y\n" + one_two_five_tics()
                                       : "  unset logscale y\n  set ytics auto\n";
    text += loss ? scale + "  set ylabel " + literal(panels.loss_label) +
                       "\n  set key inside top right\n"
                 : "  unset logscale y\n  set ytics auto\n  set ylabel 'test accuracy'\n";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      text += fmt::format("    set title {} noenhanced\n    set xlabel 'iteration k'\n",
                          literal(loss ? columns[i] : std::string()));
      if (i == 1) text += "    unset ylabel\n";
      text += panel({lines, values, data, columns[i], quantity, loss && i == 0});
    }
  }
  return text + "  unset multiplot\n";
}

std::string caption(const SweepPanels& panels, bool accuracy, const LossAxis& axis) {
  return fmt::format(
      "{}{} against the iteration k for {}, one column per estimator and one colour per {}; "
      "lines are means over the seeds and shaded bands one standard deviation. Compare colours "
      "within a column to see how the {} changes the speed and the level the loss settles at.{}",
      panels.loss_caption,
      fmt::format("{}{}", accuracy ? " (top, " : " (",
                  axis.log ? "log scale)" : "linear scale: some values are not positive)") +
          (accuracy ? " and test accuracy (bottom)" : ""),
      panels.what, panels.line_name, panels.line_name, panels.note);
}

}  // namespace

Figure draw_sweep_panels(const std::vector<SweepLine>& lines, const SweepPanels& panels,
                         const fs::path& figures_dir) {
  const LossAxis axis = loss_axis(lines);
  bool accuracy = false;
  {
    core::CsvWriter csv(
        figures_dir / (panels.name + ".csv"),
        {"estimator", panels.line_key, "quantity", "iter", "mean", "lower", "upper", "status"});
    for (const auto& line : lines) {
      accuracy = accuracy || !line.accuracy.empty();
      write_curve(csv, line, "f", line.loss, axis.log ? std::optional(axis.floor) : std::nullopt);
      write_curve(csv, line, "test_acc", line.accuracy, std::nullopt);
    }
  }
  Script s;
  s.name = panels.name;
  s.title = panels.title;
  s.caption = caption(panels, accuracy, axis);
  s.width = std::max(900, 450 * static_cast<int>(distinct(lines, &SweepLine::column).size()));
  s.height = accuracy ? 760 : 520;
  s.body = body(lines, panels, accuracy, axis);
  return draw(figures_dir, s);
}

}  // namespace biasbound::plots
