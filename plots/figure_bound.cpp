#include "plots/figure_bound.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "plots/gnuplot.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

struct Row {
  double iter = 0;
  std::optional<double> bound, residual, mean, lower, upper, tightness, fit;
  bool checkpoint = false;
};

struct Validation {
  core::Json record;
  std::vector<Row> rows;
  bool stochastic = false;
  std::string verdict;
};

bool positive(const std::optional<double>& v) {
  return v && *v > 0 && std::isfinite(*v);
}

std::vector<Row> read_rows(const fs::path& path) {
  const auto t = read_table(path);
  const auto iter = t.column("iter"), bound = t.column("bound"), residual = t.column("residual"),
             mean = t.column("mean"), lower = t.column("lower"), upper = t.column("upper"),
             tightness = t.column("tightness"), fit = t.column("fit"),
             checkpoint = t.column("checkpoint");
  std::vector<Row> rows;
  for (const auto& r : t.rows) {
    Row row;
    row.iter = t.number(r, iter).value_or(0);
    row.bound = t.number(r, bound);
    row.residual = t.number(r, residual);
    row.mean = t.number(r, mean);
    row.lower = t.number(r, lower);
    row.upper = t.number(r, upper);
    row.tightness = t.number(r, tightness);
    row.fit = t.number(r, fit);
    row.checkpoint = t.number(r, checkpoint).value_or(0) != 0;
    rows.push_back(row);
  }
  return rows;
}

Validation read_validation(const fs::path& dir) {
  Validation v;
  v.record = core::read_artifact(dir / "validate.json", core::Artifact::kValidate);
  v.rows = read_rows(dir / "bound.csv");
  v.stochastic = v.record.at("statistics").value("mode", "") == "stochastic";
  v.verdict = v.record.value("verdict", "inconclusive");
  return v;
}

/// A tenth of the smallest positive observation: where a band that reaches zero (round-off)
/// stops on the log axis.
double band_floor(const std::vector<Row>& rows) {
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& r : rows)
    for (const auto& v : {r.mean, r.lower})
      if (positive(v)) smallest = std::min(smallest, *v);
  return std::isfinite(smallest) ? smallest / 10 : 1e-12;
}

std::string band_words(const Validation& v) {
  const auto& s = v.record.at("statistics");
  return fmt::format("{:g}% band over {} seeds", 100 * s.value("confidence", 0.99),
                     s.value("seeds", 0));
}

/// Writes the series of bound_vs_actual; returns how many observations were not positive.
int write_bound_csv(const Validation& v, const fs::path& path) {
  SeriesCsv csv(path);
  const double floor = band_floor(v.rows);
  int dropped = 0;
  for (const auto& r : v.rows) {
    if (!r.mean) continue;
    if (!positive(r.mean)) {
      ++dropped;
      continue;
    }
    csv.add("observed", r.iter, *r.mean, std::max(r.lower.value_or(*r.mean), floor),
            std::max(r.upper.value_or(*r.mean), floor));
  }
  for (const auto& r : v.rows)
    if (positive(r.bound)) csv.add("bound", r.iter, *r.bound);
  for (const auto& r : v.rows)
    if (positive(r.fit)) csv.add("fit", r.iter, *r.fit);
  for (const auto& r : v.rows)
    if (r.checkpoint && positive(r.mean)) csv.add("checkpoint", r.iter, *r.mean);
  // Per row: one level for a constant step, a staircase of the stages' residuals for a schedule.
  for (const auto& r : v.rows)
    if (positive(r.residual)) csv.add("residual", r.iter, *r.residual);
  const auto& first = v.record.at("first_violation");
  if (first.is_object())
    csv.add("violation", first.at("iteration").get<double>(),
            first.at("observed_mean").get<double>());
  return dropped;
}

/// A schedule's stages: a dotted line where each later stage starts, and each stage's γ at the
/// top; nothing for a constant step.
std::string stage_marks(const core::Json& record) {
  const auto& schedule = record.at("theory").value("schedule", core::Json());
  if (!schedule.is_object()) return {};
  std::string out;
  for (const auto& stage : schedule.at("stages")) {
    const auto start = stage.at("start").get<long long>();
    if (start > 0)
      out += fmt::format(
          "  set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 3 lw 1.5 lc rgb '#555555'\n",
          start);
    out += fmt::format("  set label {} at {}, graph 0.96 offset 0.4, 0 font ',11' noenhanced\n",
                       literal(fmt::format("γ = {:.3g}", stage.at("gamma").get<double>())), start);
  }
  return out;
}

/// One plot clause per series present (an absent series would still get a legend entry).
std::string bound_body(const Validation& v) {
  const auto& rec = v.record;
  // The label validate recorded (theory/quantity.cpp writes the names and labels, once); a
  // record without one shows the quantity's name.
  const auto& statement = rec.at("statement");
  const auto quantity =
      statement.value("quantity_label", statement.value("quantity", std::string()));
  std::vector<std::string> clauses;
  if (v.stochastic)
    clauses.push_back(fmt::format(
        "using 2:(pick(\"observed\",4)):(pick(\"observed\",5)) with filledcurves fc rgb '{}' "
        "fs transparent solid 0.18 noborder title {}",
        colour::observed,
        literal(fmt::format("{:g}% band", 100 * rec.at("statistics").value("confidence", 0.99)))));
  clauses.push_back(
      fmt::format("using 2:(pick(\"observed\",3)) with lines lw 2 lc rgb '{}' title {}",
                  colour::observed, literal(v.stochastic ? "observed mean" : "observed")));
  clauses.push_back(fmt::format(
      "using 2:(pick(\"checkpoint\",3)) with points pt 7 ps 0.55 lc rgb '{}' title 'checkpoints'",
      colour::observed));
  clauses.push_back(fmt::format(
      "using 2:(pick(\"bound\",3)) with lines lw 3.5 lc rgb '{}' title 'bound'", colour::bound));
  if (std::any_of(v.rows.begin(), v.rows.end(), [](const Row& r) { return positive(r.residual); }))
    clauses.push_back(fmt::format(
        "using 2:(pick(\"residual\",3)) with lines lw 2 dt 2 lc rgb '{}' title 'residual'",
        colour::bound));
  clauses.push_back(
      fmt::format("using 2:(pick(\"fit\",3)) with lines lw 2 dt 4 lc rgb '{}' title 'fitted rate'",
                  colour::fit));
  if (rec.at("first_violation").is_object())
    clauses.push_back(
        "using 2:(pick(\"violation\",3)) with points pt 6 ps 2.5 lw 2 lc rgb '#000000' "
        "title 'first violation'");
  return fmt::format(
      "  set title {} noenhanced\n"
      "  set xlabel 'iterations T'\n"
      "  set ylabel {}\n"
      "  set logscale y\n"
      "  set format y '%g'\n"
      "{}"
      "  plot 'bound_vs_actual.csv' {}\n",
      literal(fmt::format("{}: the bound {} ({})", rec.value("theorem", ""), v.verdict,
                          v.stochastic ? band_words(v) : "deterministic run")),
      literal(quantity), stage_marks(rec), fmt::join(clauses, ", \\\n       '' "));
}

Figure bound_vs_actual(const Validation& v, const fs::path& figures_dir) {
  const int dropped = write_bound_csv(v, figures_dir / "bound_vs_actual.csv");
  Script s;
  s.name = "bound_vs_actual";
  s.title = fmt::format("Bound versus observed: {} ({})", v.record.value("theorem", ""), v.verdict);
  s.caption = fmt::format(
      "The theorem's bound (vermillion) and the observed {} ({}, blue) against the iterations T "
      "on a log scale, with the residual the bound tends to (dashed) and the fitted rate "
      "(green){}. The bound holds where the blue curve{} stays below the vermillion one; the "
      "verdict is '{}'{}.{}",
      v.stochastic ? "mean" : "value", v.stochastic ? band_words(v) : "one deterministic run",
      dropped > 0 ? fmt::format("; {} non-positive observations are not drawn", dropped) : "",
      v.stochastic ? " and its band" : "", v.verdict,
      v.record.at("first_violation").is_object() ? ", first violation circled" : "",
      v.record.at("theory").value("schedule", core::Json()).is_object()
          ? " The step follows a schedule: dotted lines mark where its stages start, each "
            "labelled with its γ; the bound is composed stage by stage, and the residual is "
            "each stage's."
          : "");
  s.body = bound_body(v);
  return draw(figures_dir, s);
}

Figure tightness(const Validation& v, const fs::path& figures_dir) {
  {
    SeriesCsv csv(figures_dir / "tightness.csv");
    for (const auto& r : v.rows)
      if (positive(r.tightness)) csv.add("tightness", r.iter, *r.tightness);
    if (!v.rows.empty()) {
      csv.add("reached", v.rows.front().iter, 1);
      csv.add("reached", v.rows.back().iter, 1);
    }
  }
  Script s;
  s.name = "tightness";
  s.title = fmt::format("Tightness of the bound: {}", v.record.value("theorem", ""));
  s.caption = fmt::format(
      "The ratio of the theorem's bound to the observed {} over the iterations T, on a log "
      "scale. A ratio near 1 (dashed line) means the bound is reached; a ratio of 100 means it "
      "overestimates the observed value a hundredfold, and below 1 it is violated.",
      v.stochastic ? "mean" : "value");
  s.body = fmt::format(
      "  set title {} noenhanced\n"
      "  set xlabel 'iterations T'\n"
      "  set ylabel 'tightness = bound / observed'\n"
      "  set logscale y\n"
      "  set format y '%g'\n"
      "  plot 'tightness.csv' using 2:(pick(\"tightness\",3)) with lines lw 2.5 lc rgb '{}' "
      "title 'bound / observed', \\\n"
      "       '' using 2:(pick(\"reached\",3)) with lines lw 2 dt 2 lc rgb '{}' "
      "title 'bound reached (= 1)'\n",
      literal(
          fmt::format("{}: tightness of the bound ({})", v.record.value("theorem", ""), v.verdict)),
      colour::observed, colour::bound);
  return draw(figures_dir, s);
}

}  // namespace

std::vector<Figure> bound_figures(const fs::path& dir, const fs::path& figures_dir) {
  const auto v = read_validation(dir);
  return {bound_vs_actual(v, figures_dir), tightness(v, figures_dir)};
}

}  // namespace biasbound::plots
