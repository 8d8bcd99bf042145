#include "plots/figure_region.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "plots/gnuplot.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

struct Region {
  std::string theorem;
  std::optional<std::string> parameter;          // "beta" or "beta_tilde"; none for a 1-D region
  std::vector<std::pair<double, double>> curve;  // (parameter value, γ_max), γ_max > 0
  double gamma = 0;                              // the user's step
  std::optional<double> gamma_best;              // the suggested step
  double at = 0;                                 // the user's parameter value
  bool admissible = false;
};

bool usable(const core::Json& v) {
  return v.is_number() && std::isfinite(v.get<double>());
}

Region read_region(const fs::path& dir) {
  const auto record = core::read_artifact(dir / "validate.json", core::Artifact::kValidate);
  const auto& spec = record.at("region");
  Region r;
  r.theorem = record.value("theorem", "");
  if (spec.at("parameter").is_string()) r.parameter = spec.at("parameter").get<std::string>();
  const auto table = read_table(dir / spec.value("file", std::string("region.csv")));
  const auto param = table.column("parameter_value"), gmax = table.column("gamma_max");
  for (const auto& row : table.rows) {
    const auto g = table.number(row, gmax);
    if (g && *g > 0 && std::isfinite(*g))
      r.curve.emplace_back(table.number(row, param).value_or(0), *g);
  }
  const auto& method = record.at("method");
  r.gamma = method.at("gamma").get<double>();
  if (r.parameter) r.at = method.value(*r.parameter, 0.0);
  const auto& best = record.at("theory").at("gamma_best");
  if (usable(best) && best.get<double>() > 0) r.gamma_best = best.get<double>();
  r.admissible = record.value("conditions_admissible", false);
  return r;
}

bool same(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(a, b);
}

/// A tenth of the smallest step drawn: where the shading starts on the log axis.
double floor_of(const Region& r) {
  double smallest = r.gamma > 0 ? r.gamma : 1.0;
  for (const auto& [p, g] : r.curve) smallest = std::min(smallest, g);
  if (r.gamma_best) smallest = std::min(smallest, *r.gamma_best);
  return smallest / 10;
}

std::string parameter_label(const std::string& parameter) {
  return parameter == "beta" ? "momentum parameter β" : "parameter β̃";
}

std::string point_words(const Region& r) {
  if (r.gamma_best && same(r.gamma, *r.gamma_best))
    return fmt::format("your γ = suggested γ = {:.3g}", r.gamma);
  return fmt::format("your γ = {:.3g}{}", r.gamma, r.admissible ? "" : " (inadmissible)");
}

/// The two marked points and their labels; at y = `y` (the 1-D figure) or at the steps.
std::string points(const Region& r, std::optional<double> y) {
  const double x_user = y ? r.gamma : r.at;
  const double y_user = y ? *y : r.gamma;
  std::string text =
      fmt::format("  set label 1 {} at {},{} offset 1.2,1.1 front textcolor rgb '{}'\n",
                  literal(point_words(r)), x_user, y_user, colour::observed);
  if (r.gamma_best && !same(r.gamma, *r.gamma_best))
    text += fmt::format("  set label 2 {} at {},{} offset 1.2,-1.1 front textcolor rgb '{}'\n",
                        literal(fmt::format("suggested γ = {:.3g}", *r.gamma_best)),
                        y ? *r.gamma_best : r.at, y ? *y : *r.gamma_best, colour::fit);
  return text;
}

void write_csv(const Region& r, const fs::path& path, double floor) {
  SeriesCsv csv(path);
  const bool one_d = !r.parameter;
  if (one_d && !r.curve.empty()) {
    const double g = r.curve.front().second;
    csv.add("admissible", floor, 1, 0.0);
    csv.add("admissible", g, 1, 0.0);
    csv.add("gamma_max", g, 0);
    csv.add("gamma_max", g, 1);
  }
  if (!one_d)
    for (const auto& [p, g] : r.curve) csv.add("gamma_max", p, g, floor);
  if (r.gamma_best) csv.add("suggested", one_d ? *r.gamma_best : r.at, one_d ? 0.5 : *r.gamma_best);
  csv.add("yours", one_d ? r.gamma : r.at, one_d ? 0.5 : r.gamma);
}

std::string marks() {
  return fmt::format(
      "       '' using 2:(pick(\"suggested\",3)) with points pt 13 ps 2.6 lc rgb '{}' "
      "title 'suggested γ (minimises the bound)', \\\n"
      "       '' using 2:(pick(\"yours\",3)) with points pt 7 ps 2 lc rgb '{}' "
      "title 'your γ'\n",
      colour::fit, colour::observed);
}

std::string body_2d(const Region& r, double floor) {
  const auto label = parameter_label(*r.parameter);
  return fmt::format(
      "  set title {}\n"
      "  set xlabel {}\n"
      "  set ylabel 'step size γ'\n"
      "  set logscale y\n"
      "  set yrange [{}:*]\n"
      "{}"
      "  plot 'admissible_region.csv' using 2:(pick(\"gamma_max\",4)):(pick(\"gamma_max\",3)) "
      "with filledcurves fc rgb '{b}' fs transparent solid 0.15 noborder "
      "title 'admissible: γ ≤ γ_{{max}}', \\\n"
      "       '' using 2:(pick(\"gamma_max\",3)) with lines lw 3.5 lc rgb '{b}' "
      "title 'γ_{{max}}, the theorem''s largest step', \\\n"
      "{}",
      literal(fmt::format("{}: admissible step sizes (conditions {})", r.theorem,
                          r.admissible ? "hold" : "fail")),
      literal(label), floor, points(r, std::nullopt), marks(), fmt::arg("b", colour::bound));
}

std::string body_1d(const Region& r, double floor) {
  double top = r.gamma;
  for (const auto& [p, g] : r.curve) top = std::max(top, g);
  if (r.gamma_best) top = std::max(top, *r.gamma_best);
  return fmt::format(
      "  set title {}\n"
      "  set xlabel 'step size γ'\n"
      "  unset ytics\n"
      "  set grid noytics\n"
      "  set border 1\n"
      "  set logscale x\n"
      "  set xrange [{}:{}]\n"
      "  set yrange [0:1]\n"
      "{}"
      "  plot 'admissible_region.csv' using 2:(pick(\"admissible\",4)):(pick(\"admissible\",3)) "
      "with filledcurves fc rgb '{b}' fs transparent solid 0.15 noborder "
      "title 'admissible: 0 < γ ≤ γ_{{max}}', \\\n"
      "       '' using 2:(pick(\"gamma_max\",3)) with lines lw 3.5 lc rgb '{b}' "
      "title 'γ_{{max}}, the theorem''s largest step', \\\n"
      "{}",
      literal(fmt::format("{}: admissible step sizes (conditions {})", r.theorem,
                          r.admissible ? "hold" : "fail")),
      floor, top * 10, points(r, 0.5), marks(), fmt::arg("b", colour::bound));
}

}  // namespace

Figure region_figure(const fs::path& dir, const fs::path& figures_dir) {
  const auto r = read_region(dir);
  const double floor = floor_of(r);
  write_csv(r, figures_dir / "admissible_region.csv", floor);
  Script s;
  s.name = "admissible_region";
  s.title = fmt::format("Admissible step sizes: {}", r.theorem);
  const auto where =
      r.parameter ? fmt::format(" against the {}", parameter_label(*r.parameter)) : std::string();
  s.caption = fmt::format(
      "The shaded area is the set of step sizes γ{} for which the conditions of {} hold, "
      "bounded by the largest admissible step γ_max (log scale){}. Your step (blue dot) {} "
      "inside it, and the green diamond is the step that minimises the bound.",
      where, r.theorem, r.curve.empty() ? "; no step is admissible here" : "",
      r.admissible ? "lies" : "does not lie");
  if (!r.parameter) s.height = 420;  // one dimension needs little height
  s.body = r.parameter ? body_2d(r, floor) : body_1d(r, floor);
  return draw(figures_dir, s);
}

}  // namespace biasbound::plots
