#include "plots/figure_frontier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "plots/gnuplot.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// What differs between the bias and the variance figure.
struct Spec {
  std::string name;                   // figure stem
  std::string x, y, lower, upper;     // pairs.csv columns
  std::string xlabel, ylabel;         // axis labels (enhanced text)
  std::string what;                   // "squared bias", for titles and captions
  std::string slope, offset;          // keys of a frontier pair in measure.json
  std::string slope_sym, offset_sym;  // their symbols
  std::string line;                   // the line a pair stands for
};

Spec bias_spec() {
  return {
      "bias_frontier", "a", "b",     "b_lower", "b_upper", "‖∇f(x)‖^2",        "‖E g(x) − ∇f(x)‖^2",
      "squared bias",  "m", "zeta2", "m",       "ζ^2",     "b = m‖∇f‖^2 + ζ^2"};
}

Spec variance_spec() {
  return {"variance_frontier",  "c",        "v", "v_lower", "v_upper", "‖E g(x)‖^2",
          "E‖g(x) − E g(x)‖^2", "variance", "M", "sigma2",  "M",       "σ^2",
          "v = M‖E g‖^2 + σ^2"};
}

/// A line y = slope·x + offset drawn as `title` in `colour` and dash type `dash`.
struct Line {
  std::string key, title, colour;
  int dash;
  double slope, offset;
};

struct Points {
  std::vector<std::string> kinds;  // probe kinds in order of appearance
  int dropped = 0;                 // points with a zero (or negative) coordinate
  int at_floor = 0;                // points drawn at the left edge (see kDecades)
  double xmin = std::numeric_limits<double>::infinity(), xmax = 0;
  double ymin = std::numeric_limits<double>::infinity(), ymax = 0;  // interval ends drawn
};

/// Decades the x axis spans at most: a probe at the optimum has ‖∇f‖² ≈ 1e-33, which would
/// squeeze every other point into the right edge.
constexpr double kDecades = 10;

std::string probe_colour(const std::string& kind) {
  if (kind == "trajectory") return std::string(colour::observed);
  if (kind == "ball") return std::string(colour::orange);
  if (kind == "near-opt") return std::string(colour::black);
  return std::string(colour::sky);
}

/// Enhanced-text squares as the plain ² of a caption.
std::string plain(std::string text) {
  for (auto at = text.find("^2"); at != std::string::npos; at = text.find("^2", at))
    text.replace(at, 2, "²");
  return text;
}

int probe_point_type(std::size_t index) {
  return std::array{7, 5, 9, 13}[index % 4];
}

/// Writes the probe points (interval ends at or below zero stop at a tenth of the smallest
/// value, the log axis's floor).
Points write_points(const Table& t, const Spec& s, SeriesCsv& csv) {
  const auto probe = t.column("probe"), x = t.column(s.x), y = t.column(s.y),
             lower = t.column(s.lower), upper = t.column(s.upper);
  double smallest = std::numeric_limits<double>::infinity(), largest_x = 0;
  for (const auto& r : t.rows)
    if (const auto v = t.number(r, y); v && *v > 0) {
      smallest = std::min(smallest, *v);
      largest_x = std::max(largest_x, t.number(r, x).value_or(0));
    }
  const double x_floor = largest_x * std::pow(10.0, -kDecades);
  Points p;
  for (const auto& r : t.rows) {
    const auto xv = t.number(r, x), yv = t.number(r, y);
    if (!xv || !yv || *xv <= 0 || *yv <= 0) {
      ++p.dropped;
      continue;
    }
    const auto& kind = r[probe];
    if (std::find(p.kinds.begin(), p.kinds.end(), kind) == p.kinds.end()) p.kinds.push_back(kind);
    if (*xv < x_floor) ++p.at_floor;
    const double xd = std::max(*xv, x_floor);
    const double lo = std::max(t.number(r, lower).value_or(*yv), smallest / 10);
    const double hi = std::max(t.number(r, upper).value_or(*yv), *yv);
    csv.add(kind, xd, *yv, lo, hi);
    p.xmin = std::min(p.xmin, xd);
    p.xmax = std::max(p.xmax, xd);
    p.ymin = std::min(p.ymin, lo);
    p.ymax = std::max(p.ymax, hi);
  }
  return p;
}

std::vector<Line> measured_lines(const core::Json& measure, const Spec& s) {
  std::vector<Line> lines;
  const auto key = s.name == "bias_frontier" ? "bias" : "variance";
  int index = 0;
  for (const auto& pair : measure.at(key).at("frontier")) {
    const double slope = pair.value(s.slope, 0.0), offset = pair.value(s.offset, 0.0);
    lines.push_back(
        {fmt::format("frontier {}", index),
         fmt::format("{} = {:.3g}, {} = {:.3g}", s.slope_sym, slope, s.offset_sym, offset),
         std::string(colour::bound), 1 + index % 5, slope, offset});
    ++index;
  }
  return lines;
}

/// The analytic worst case of each stage that states one: b = m a + ζ² (bias), v = (α − 1) c
/// (variance); stages whose analytic bound is zero have no line on log axes.
std::vector<Line> analytic_lines(const core::Json& measure, const Spec& s) {
  std::vector<Line> lines;
  if (!measure.contains("analytic")) return lines;
  for (const auto& stage : measure.at("analytic").value("stages", core::Json::array())) {
    const auto& a = stage.value("analytic", core::Json::object());
    const auto name = stage.value("stage", std::string("stage"));
    if (s.name == "bias_frontier" && a.contains("m")) {
      const double m = a.value("m", 0.0), z = a.value("zeta2", 0.0);
      if (m > 0 || z > 0)
        lines.push_back({"analytic " + name,
                         fmt::format("analytic {}: m = {:.3g}, ζ^2 = {:.3g}", name, m, z),
                         std::string(colour::analytic), 1, m, z});
    } else if (s.name == "variance_frontier" && a.contains("alpha")) {
      const double alpha = a.value("alpha", 1.0);
      if (alpha > 1)
        lines.push_back({"analytic " + name,
                         fmt::format("analytic {}: M = α − 1 = {:.3g}", name, alpha - 1),
                         std::string(colour::analytic), 1, alpha - 1, 0.0});
    }
  }
  return lines;
}

/// Samples each line at log-spaced x over the points' range, widened by a factor 2 each way.
void write_lines(const std::vector<Line>& lines, const Points& p, SeriesCsv& csv) {
  constexpr int kSamples = 48;
  const double lo = std::log(p.xmin / 2), hi = std::log(p.xmax * 2);
  for (const auto& l : lines)
    for (int i = 0; i < kSamples; ++i) {
      const double x = std::exp(lo + (hi - lo) * i / (kSamples - 1));
      if (const double y = l.slope * x + l.offset; y > 0) csv.add(l.key, x, y);
    }
}

/// The y axis ends above the points and the lines at the points' largest x (steeper lines
/// leave the frame to the right, where there is no data).
double y_top(const Points& p, const std::vector<Line>& lines) {
  double top = p.ymax;
  for (const auto& l : lines) top = std::max(top, l.slope * p.xmax + l.offset);
  return 3 * top;
}

std::string body(const Spec& s, const Points& p, const std::vector<Line>& lines,
                 const std::string& coverage) {
  std::string plot = "  plot ";
  const auto file = s.name + ".csv";
  for (std::size_t i = 0; i < p.kinds.size(); ++i)
    plot += fmt::format(
        "{}'{}' using 2:(pick({k},3)):(pick({k},4)):(pick({k},5)) with yerrorbars pt {} ps 1.1 "
        "lw 1.2 lc rgb '{}' title {} noenhanced",
        i == 0 ? "" : ", \\\n       ", i == 0 ? file : "", probe_point_type(i),
        probe_colour(p.kinds[i]), literal(p.kinds[i] + " probes"),
        fmt::arg("k", literal(p.kinds[i])));
  for (const auto& l : lines)
    plot += fmt::format(
        ", \\\n       '' using 2:(pick({},3)) with lines lw 2.5 dt {} lc rgb '{}' title {}",
        literal(l.key), l.dash, l.colour, literal(l.title));
  return fmt::format(
      "  set title {}\n"
      "  set xlabel {}\n"
      "  set ylabel {}\n"
      "  set logscale xy\n"
      "  set format xy '%g'\n"
      "  set yrange [{}:{}]\n"
      "{}\n",
      literal(fmt::format("Measured {} frontier: {}, {}", s.what, s.line, coverage)),
      literal(s.xlabel + " at the probe point"), literal(s.ylabel), p.ymin / 3, y_top(p, lines),
      plot);
}

/// What the caption says about points the log axes cannot show as they are.
std::string omitted(const Points& p) {
  std::string text;
  if (p.dropped > 0)
    text += fmt::format(" ({} points with a zero value are not drawn on the log axes)", p.dropped);
  if (p.at_floor > 0)
    text += fmt::format(
        " ({} points more than {:g} decades left of the others sit at the left "
        "edge)",
        p.at_floor, kDecades);
  return text;
}

std::optional<Figure> frontier_figure(const fs::path& measure_dir, const core::Json& measure,
                                      const Spec& s, const fs::path& figures_dir) {
  const auto pairs = read_table(measure_dir / "pairs.csv");
  Points p;
  auto lines = measured_lines(measure, s);
  const auto analytic = analytic_lines(measure, s);
  lines.insert(lines.end(), analytic.begin(), analytic.end());
  {
    SeriesCsv csv(figures_dir / (s.name + ".csv"));
    p = write_points(pairs, s, csv);
    if (p.kinds.empty()) {
      fs::remove(figures_dir / (s.name + ".csv"));
      return std::nullopt;
    }
    write_lines(lines, p, csv);
  }
  // measure.json states its limits' coverage; files from before it did had two-sided limits.
  const auto coverage = measure.value(
      "coverage", fmt::format("{:g}% two-sided", 100 * measure.value("confidence", 0.99)));
  Script script;
  script.name = s.name;
  const auto estimator = measure.at("config").value("estimator", std::string("?"));
  script.title = fmt::format("Measured {} frontier of {}", s.what, estimator);
  script.caption = fmt::format(
      "Each point is a probe point of the estimator {}: its {} against {}, with its lower and "
      "upper confidence limits as a bar, coloured by probe kind{}; each vermillion line {} is "
      "one measured frontier pair, built from the limits ({}){}. Any pair whose line passes "
      "above every bar is consistent with the measurements, and the validation picks the one "
      "that gives the smallest residual.",
      estimator, s.what, plain(s.xlabel), omitted(p), plain(s.line), coverage,
      analytic.empty() ? "" : ", and the pink line is the analytic worst case");
  script.body = body(s, p, lines, coverage);
  return draw(figures_dir, script);
}

}  // namespace

std::vector<Figure> frontier_figures(const fs::path& measure_dir, const fs::path& figures_dir) {
  const auto measure = core::read_artifact(measure_dir / "measure.json", core::Artifact::kMeasure);
  std::vector<Figure> figures;
  for (const auto& spec : {bias_spec(), variance_spec()})
    if (auto f = frontier_figure(measure_dir, measure, spec, figures_dir)) figures.push_back(*f);
  return figures;
}

}  // namespace biasbound::plots
