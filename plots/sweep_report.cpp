#include "plots/sweep_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

#include "plots/html.hpp"
#include "plots/html_page.hpp"
#include "plots/plot_directory.hpp"
#include "plots/sweep_record.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

using core::Json;

const Json& sweep_scenario(const SweepRecord& r) {
  return page::field(r.json, "scenario");
}

// ---- the introduction and what was run ---------------------------------------------------

std::string sweep_title(const SweepRecord& r) {
  const auto title = page::text(sweep_scenario(r), "title");
  return title.empty() ? "Sweep " + page::text(sweep_scenario(r), "name") : title;
}

std::string sweep_intro(const SweepRecord& r) {
  const auto description = page::unwrap(page::text(sweep_scenario(r), "description"));
  return description.empty() ? "" : "<p class=\"lead\">" + html_escape(description) + "</p>\n";
}

/// A scenario value, or the values the grid varies it over; specs in <code>.
std::string setting(const SweepRecord& r, const std::string& key, bool spec = false) {
  const auto shown = [&](const std::string& html) {
    return spec ? "<code>" + html + "</code>" : html;
  };
  if (const auto* axis = r.find(key)) {
    std::string values;
    for (const auto& v : axis->values) {
      if (!values.empty()) values += ", ";
      values += shown(html_escape(v));
    }
    return "varied by the grid: " + values;
  }
  return shown(page::show(page::field(sweep_scenario(r), key)));
}

std::string grid_table(const SweepRecord& r) {
  std::vector<page::HtmlRow> rows;
  for (const auto& axis : r.grid)
    rows.push_back({"<code>" + html_escape(axis.key) + "</code>",
                    html_escape(fmt::format("{}", fmt::join(axis.values, ", ")))});
  return page::table("The grid: every combination of these values is one cell", {"Key", "Values"},
                     rows);
}

/// Counts the cells of sweep.json by what happened to them.
struct CellCounts {
  int total = 0, computed = 0, reused = 0, diverged = 0, unfinished = 0;
};

CellCounts count_cells(const SweepRecord& r) {
  CellCounts c;
  for (const auto& cell : page::field(r.json, "cells")) {
    ++c.total;
    const auto status = page::text(cell, "status");
    const bool finished = status == "completed" || status == "diverged";
    if (!finished) ++c.unfinished;
    if (finished && page::field(cell, "reused") == true) ++c.reused;
    if (finished && page::field(cell, "reused") != true) ++c.computed;
    if (status == "diverged") ++c.diverged;
  }
  return c;
}

std::string cells_text(const SweepRecord& r) {
  const auto c = count_cells(r);
  auto text = fmt::format(
      "{} cells: {} computed by the last <code>biasbound sweep</code> command, {} reused from an "
      "earlier one, {} with at least one diverged seed",
      c.total, c.computed, c.reused, c.diverged);
  if (c.unfinished > 0) text += fmt::format(", {} not finished", c.unfinished);
  return text + ".";
}

std::string status_text(const SweepRecord& r) {
  const auto status = page::text(r.json, "status");
  if (status == "completed") return "completed: every cell finished";
  if (status == "interrupted")
    return "interrupted (" + page::show(page::field(r.json, "interruption")) +
           "): the tables and figures show the finished cells; run the same command again to "
           "resume";
  return html_escape(status) +
         ": sweep.json was written while the sweep ran (it is still running, or was killed); "
         "the tables and figures show the cells finished by then";
}

std::string what_was_run(const SweepRecord& r) {
  const auto& s = sweep_scenario(r);
  std::string out = page::element("h2", "1. What was run");
  out += page::element(
      "p",
      "Every cell runs distributed SGD with server momentum: each worker sends its gradient "
      "estimate, the server averages the messages into g_k, keeps their moving average "
      "v_k = (1 − β) v_{k−1} + β g_k and steps x_{k+1} = x_k − γ v_k (β = 1 is no momentum). "
      "A cell is run from several seeds; each seed draws its own random samples (and a network "
      "its own initial weights), so the spread over seeds shows how much a result depends on "
      "chance.");
  out += page::definitions(
      {{"Problem", setting(r, "problem", true)},
       {"Workers n", setting(r, "workers")},
       {"Estimator", setting(r, "estimator", true)},
       {"Step γ", setting(r, "gamma")},
       {"Momentum β", setting(r, "beta")},
       {"Momentum start", setting(r, "init") + " (zero: v_{−1} = 0; first: v_0 = g_0)"},
       {"Iterations T", setting(r, "iterations")},
       {"Seeds R", page::show(page::field(s, "seeds")) + " per cell, from seed " +
                       page::show(page::field(s, "first_seed"))},
       {"Cells", cells_text(r)},
       {"Status", status_text(r)},
       {"Wall time", page::show(page::field(r.json, "wall_time_s")) + " s (the last command)"}});
  return out + grid_table(r);
}

// ---- the table -----------------------------------------------------------------------------

/// "85.1 ± 0.3": a fraction in percent with its standard deviation, as table.md writes it.
std::string percent_cell(const Table& t, const std::vector<std::string>& row,
                         const std::string& suffix) {
  const auto mean = t.number(row, t.column("test_acc_mean" + suffix));
  const auto sd = t.number(row, t.column("test_acc_std" + suffix));
  const auto value = !mean ? std::string("—")
                     : sd  ? fmt::format("{:.1f} ± {:.1f}", 100 * *mean, 100 * *sd)
                           : fmt::format("{:.1f}", 100 * *mean);
  return "<td class=\"n\">" + value + "</td>";
}

/// "2/5": the diverged seeds of a cell, marked when any.
std::string diverged_cell(const std::string& text) {
  const bool any = !text.starts_with("0/");
  return "<td class=\"n\">" +
         (any ? "<span class=\"bad\">" + html_escape(text) + "</span>" : html_escape(text)) +
         "</td>";
}

std::vector<long long> report_at(const SweepRecord& r) {
  std::vector<long long> at;
  for (const auto& k : page::field(r.json, "report_at"))
    if (k.is_number_integer()) at.push_back(k.get<long long>());
  return at;
}

page::HtmlRow results_head(const SweepRecord& r) {
  page::HtmlRow head;
  for (const auto& axis : r.grid) head.push_back(html_escape(grid_key_name(axis.key)));
  head.push_back(r.find("iterations")
                     ? "Test accuracy (%) at the last iteration"
                     : "Test accuracy (%) at T = " +
                           page::show(page::field(sweep_scenario(r), "iterations")));
  for (const auto k : report_at(r)) head.push_back(fmt::format("at iteration {} (%)", k));
  head.push_back("Diverged seeds");
  return head;
}

std::string results_table(const SweepRecord& r, const Table& t) {
  std::vector<page::HtmlRow> rows;
  for (const auto& row : t.rows) {
    page::HtmlRow cells;
    for (const auto& axis : r.grid)
      cells.push_back("<code>" + html_escape(row[t.column(axis.key)]) + "</code>");
    cells.push_back(percent_cell(t, row, ""));
    for (const auto k : report_at(r)) cells.push_back(percent_cell(t, row, fmt::format("@{}", k)));
    cells.push_back(diverged_cell(row[t.column("diverged")]));
    rows.push_back(std::move(cells));
  }
  return page::table("", results_head(r), rows);
}

std::string results_section(const SweepRecord& r, const fs::path& dir) {
  const auto t = read_table(dir / "table.csv");
  std::string out = page::element("h2", "2. Results");
  out += page::element(
      "p",
      "One row per finished cell: the test accuracy as mean ± standard deviation over the "
      "seeds, in percent, at the last iteration and at the iterations the sweep reports. A seed "
      "that diverged has no accuracy from then on: it is left out of the mean and counted in "
      "the last column (diverged seeds / seeds), so a cell whose seeds diverged is never "
      "mistaken for a clean one. — means no value (a problem without a test set).");
  return out + results_table(r, t) +
         page::element("p",
                       "<small>The same table: <code>table.csv</code>, "
                       "<code>table.md</code>; every iteration: <code>sweep.csv</code>; "
                       "every seed: the run folders in <code>cells/</code>.</small>");
}

// ---- figures, reproduce -------------------------------------------------------------------

std::string sweep_figures_section(const std::vector<Figure>& figures) {
  std::string out = page::element("h2", "3. Figures");
  if (figures.empty())
    return out + page::element("p",
                               "No figure: sweep.csv has no rows yet (no cell finished, or the "
                               "problem has no evaluation metrics; <code>biasbound plot "
                               "DIR/cells</code> draws the cells' f from their traces).");
  for (const auto& f : figures) out += page::figure(f);
  return out;
}

std::string sweep_command(const SweepRecord& r, const fs::path& dir) {
  auto command = "biasbound sweep " + page::text(r.json, "origin");
  for (const auto& o : page::field(r.json, "overrides"))
    if (o.is_string()) command += " --set " + o.get<std::string>();
  return command + " --out " + dir.string();
}

std::string sweep_reproduce(const SweepRecord& r, const fs::path& dir) {
  std::string out = page::element("h2", "4. Reproduce this report");
  out += page::element(
      "p",
      "These commands recompute every number and figure above (a sweep is a pure function of "
      "its file and seeds; run again into the same folder, it reuses the finished cells):");
  return out + "<pre class=\"command\">" + html_escape(sweep_command(r, dir)) +
         "\nbiasbound report " + html_escape(dir.string()) + "</pre>\n";
}

std::string sweep_document(const SweepRecord& r, const std::vector<Figure>& figures,
                           const fs::path& dir) {
  const auto title = html_escape(sweep_title(r));
  return page::document(
      title, page::element("h1", title) + sweep_intro(r) + what_was_run(r) +
                 results_section(r, dir) + sweep_figures_section(figures) +
                 sweep_reproduce(r, dir) +
                 "<footer>Written by <code>biasbound report</code> from " + "sweep.json (" +
                 page::show(page::field(page::field(r.json, "schema"), "name")) + ", version " +
                 page::show(page::field(page::field(r.json, "schema"), "version")) +
                 "), sweep.csv and table.csv.</footer>\n");
}

}  // namespace

fs::path write_sweep_report(const fs::path& dir) {
  const auto record = read_sweep_record(dir);
  const auto figures = plot_directory(dir);
  const auto path = dir / "report.html";
  page::write_atomically(path, sweep_document(record, figures, dir));
  return path;
}

}  // namespace biasbound::plots
