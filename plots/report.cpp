#include "plots/report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/json_io.hpp"
#include "core/schema.hpp"
#include "plots/figure_sweep_folder.hpp"
#include "plots/html.hpp"
#include "plots/html_page.hpp"
#include "plots/plot_directory.hpp"
#include "plots/sweep_report.hpp"

namespace biasbound::plots {
namespace {

namespace fs = std::filesystem;
using core::Json;

using page::definitions;
using page::element;
using page::field;
using page::HtmlRow;
using page::number_cell;
using page::show;
using page::table;
using page::text;
using page::unwrap;

const std::map<std::string, std::string>& symbols() {
  static const std::map<std::string, std::string> kSymbols = {
      {"zeta2", "ζ²"}, {"sigma2", "σ²"}, {"gamma", "γ"},      {"beta", "β"},
      {"F0", "F₀"},    {"f_star", "f*"}, {"mu", "μ"},         {"delta", "δ"},
      {"alpha", "α"},  {"G2", "G²"},     {"beta_tilde", "β̃"}, {"tau", "τ"}};
  return kSymbols;
}

std::string symbol(const std::string& key) {
  const auto it = symbols().find(key);
  return html_escape(it == symbols().end() ? key : it->second);
}

/// What each constant is measured in, so a table of bare numbers can be read.
std::string unit(const std::string& key) {
  static const std::map<std::string, std::string> kUnits = {{"L", "curvature (∇f per unit x)"},
                                                            {"mu", "curvature (∇f per unit x)"},
                                                            {"zeta2", "‖∇f‖²"},
                                                            {"sigma2", "‖∇f‖²"},
                                                            {"G2", "‖∇f‖²"},
                                                            {"F0", "units of f"},
                                                            {"f_star", "units of f"},
                                                            {"gamma", "step (x per unit ∇f)"},
                                                            {"tau", "iterations"},
                                                            {"n", "workers"}};
  const auto it = kUnits.find(key);
  return it == kUnits.end() ? "dimensionless" : it->second;
}

// ---- (1) the scenario -------------------------------------------------------------------

// "γ = 0.1", or "γ = 0.1 for 100 iterations, then 0.05 for 100 iterations" for a schedule.
std::string step_text(const Json& method) {
  const auto& schedule = field(method, "schedule");
  if (!schedule.is_array()) return "γ = " + show(field(method, "gamma"));
  std::string out;
  for (const auto& stage : schedule)
    out += fmt::format("{}{} for {} iterations", out.empty() ? "γ = " : ", then ", show(stage[1]),
                       show(stage[0]));
  return out;
}

std::string scenario_summary(const Json& r) {
  const auto& s = r.at("scenario");
  const auto& m = field(r, "method");
  return fmt::format(
      "Theorem <code>{}</code> ({} regime) is checked on <code>{}</code> with {} workers, each "
      "sending <code>{}</code>; the {} method runs {} iterations at step {}, over {} seeds.",
      show(field(r, "theorem")), show(field(r, "regime")), show(field(s, "problem")),
      show(field(s, "workers")), show(field(m, "estimator")), show(field(m, "name")),
      show(field(s, "iterations")), step_text(m), show(field(s, "seeds")));
}

std::string scenario_section(const Json& r) {
  const auto description = unwrap(text(r.at("scenario"), "description"));
  std::string out = element("h2", "1. The scenario");
  if (!description.empty()) out += "<p class=\"lead\">" + html_escape(description) + "</p>\n";
  return out + element("p", scenario_summary(r));
}

// ---- (2) problem and estimator ----------------------------------------------------------

/// The update each method performs, in the notation of docs/theory.md.
std::string update_rule(const std::string& method) {
  static const std::map<std::string, std::string> kUpdates = {
      {"server-momentum",
       "v_k = (1 − β) v_{k−1} + β g_k,   x_{k+1} = x_k − γ v_k   (β = 1: no momentum)"},
      {"ef-sgd", "p_k = γ g_k + e_k,   x_{k+1} = x_k − C(p_k),   e_{k+1} = p_k − C(p_k)"},
      {"mdsgd",
       "z_{k,i} = β̃ z_{k−1,i} + g_{k,i},   w_{k,i} = u_{k,i} + z_{k,i},   "
       "x_{k+1} = x_k − (η/n) Σᵢ C(w_{k,i}),   u_{k+1,i} = w_{k,i} − C(w_{k,i})"},
      {"delayed-gd", "x_{k+1} = x_k − γ C(∇f(x_{k−τ_k})),   τ_k ≤ τ"},
      {"block-coordinate",
       "b_k uniform in 1..B,   x_{k+1} = x_k − γ U_{b_k} Q(∇_{b_k} f(x_{k−τ_k})),   τ_k ≤ τ"},
      {"iag", "worker i_k refreshes y_{i_k} = C(∇f_{i_k}(x_k)),   x_{k+1} = x_k − (γ/n) Σᵢ y_i"}};
  const auto it = kUpdates.find(method);
  return it == kUpdates.end() ? std::string() : it->second;
}

std::string problem_section(const Json& r) {
  const auto& s = r.at("scenario");
  const auto& m = field(r, "method");
  const auto name = text(m, "name");
  const auto update = update_rule(name);
  std::string out = element("h2", "2. Problem and estimator");
  out += definitions({
      {"Problem", "<code>" + show(field(s, "problem")) + "</code>"},
      {"Workers", show(field(s, "workers"))},
      {"Estimator g", "<code>" + show(field(m, "estimator")) +
                          "</code> — the gradient each worker sends (stages joined by +)"},
      {"Compressor C",
       text(m, "compressor").empty() ? "" : "<code>" + show(field(m, "compressor")) + "</code>"},
      {"Method", show(field(m, "name"))},
      {"Step γ", step_text(m) + " — " + show(field(m, "gamma_source"))},
      {"Momentum β",
       name == "server-momentum" ? show(field(m, "beta")) + " (weight of the new gradient)" : ""},
      {"Worker momentum β̃", name == "mdsgd" ? show(field(m, "beta_tilde")) : ""},
      {"Largest delay τ", name == "delayed-gd" || name == "block-coordinate"
                              ? show(field(m, "tau")) + " iterations"
                              : ""},
      {"Blocks B", name == "block-coordinate" ? show(field(m, "blocks")) : ""},
      {"Refresh order", name == "iag" ? show(field(m, "order")) : ""},
      {"Iterations T", show(field(s, "iterations"))},
      {"Seeds R", show(field(s, "seeds"))},
  });
  if (!update.empty())
    out += "<p>Update, at every iteration k:</p>\n<div class=\"statement math\">" +
           html_escape(update) + "</div>\n";
  return out;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> words;
  std::istringstream in(s);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// ---- (3) the constants ------------------------------------------------------------------

/// measure.json beside the validation, when the constants were measured (not all claimed).
Json read_measure(const fs::path& dir) {
  const auto path = dir / "measure" / "measure.json";
  return fs::exists(path) ? core::read_artifact(path, core::Artifact::kMeasure) : Json();
}

/// The analytic value of `key` for each pipeline stage that states one, e.g. "topk: 0.9".
std::string analytic_value(const Json& measure, const std::string& key) {
  std::string out;
  for (const auto& stage : field(field(measure, "analytic"), "stages")) {
    const auto& value = field(field(stage, "analytic"), key);
    if (value.is_null()) continue;
    if (!out.empty()) out += "; ";
    out += show(field(stage, "stage")) + ": " + show(value);
  }
  return out.empty() ? "—" : out;
}

std::string analytic_notes(const Json& measure) {
  std::string items;
  for (const auto& stage : field(field(measure, "analytic"), "stages"))
    items += "<li><code>" + show(field(stage, "stage")) +
             "</code>: " + show(field(field(stage, "analytic"), "note")) + "</li>\n";
  return items.empty() ? ""
                       : "<p>What the pipeline's stages promise analytically:</p>\n<ul>\n" + items +
                             "</ul>\n";
}

std::string limit_heading(const Json& measure, const Json& measured) {
  if (!field(measure, "confidence").is_number())
    return "Upper limit (" + show(field(measured, "how")) + ")";
  // measure.json states its limits' coverage; files from before it did had two-sided limits.
  const auto& coverage = field(measure, "coverage");
  return fmt::format(
      "Upper limit ({}, {} points × {} samples)",
      coverage.is_string()
          ? show(coverage)
          : fmt::format("{:g}% confidence", 100 * field(measure, "confidence").get<double>()),
      show(field(measure, "points")), show(field(measure, "samples")));
}

/// Sources name measure.json by the absolute path of the machine that ran validate; the reader
/// has DIR, so the path is shown from its last two components (measure/measure.json).
std::string short_paths(const std::string& source) {
  std::string out;
  for (const auto& word : split_words(source)) {
    const auto path = fs::path(word);
    const bool absolute = word.starts_with('/') && path.has_parent_path();
    if (!out.empty()) out += ' ';
    out += absolute ? (path.parent_path().filename() / path.filename()).string() : word;
  }
  return out;
}

std::string source_cell(const Json& source, const Json& derived = Json()) {
  auto html =
      source.is_string() ? html_escape(short_paths(source.get<std::string>())) : show(source);
  if (!derived.is_null()) html += "<br><span class=\"sub\">" + show(derived) + "</span>";
  return "<td class=\"src\">" + html + "</td>";
}

/// measured = validate.json measurement (or its compressor part): one row per constant.
std::string measured_table(const Json& r, const Json& measured, const Json& measure) {
  struct Entry {
    std::string key, group;
  };
  const std::vector<Entry> entries = {
      {"m", "bias"}, {"zeta2", "bias"}, {"M", "variance"}, {"sigma2", "variance"}};
  std::vector<HtmlRow> rows;
  for (const auto& e : entries) {
    const auto& group = field(measured, e.group);
    const auto& used = field(field(r, "constants"), e.key);
    rows.push_back(
        {symbol(e.key) + "<br><span class=\"sub\">" + html_escape(unit(e.key)) + "</span>",
         number_cell(field(group, e.key + "_only_estimate")),
         number_cell(field(group, e.key + "_only")), number_cell(field(used, "value")),
         analytic_value(measure, e.key), source_cell(field(used, "source"))});
  }
  return table("Estimator <code>" + show(field(measured, "estimator")) + "</code>",
               {"Constant (unit)", "Measured estimate", limit_heading(measure, measured),
                "Used by the theorem", "Analytic (per stage)", "Source"},
               rows);
}

std::string used_constants_table(const Json& constants) {
  std::vector<HtmlRow> rows;
  for (const auto& [key, c] : constants.items())
    rows.push_back({symbol(key), number_cell(field(c, "value")), html_escape(unit(key)),
                    source_cell(field(c, "source"), field(c, "derived"))});
  return table("", {"Symbol", "Value", "Unit", "Source and derivation"}, rows);
}

std::string constants_section(const Json& r, const Json& measure) {
  std::string out = element("h2", "3. The constants");
  const auto& measured = field(r, "measurement");
  if (measured.is_object() && measured.contains("bias")) {
    out += element("h3", "Measured, with their confidence limits, beside the analytic ones");
    out += element("p",
                   "“Measured estimate” and “upper limit” are for the constant alone (the other "
                   "constant of its pair set to 0; — when it alone cannot account for what was "
                   "measured); the theorem uses one point of the measured "
                   "trade-off frontier, the one with the smallest residual, listed in the notes. "
                   "m and M are ratios; ζ² and σ² are in units of the squared gradient norm.");
    out += measured_table(r, measured, measure);
    if (measured.contains("compressor"))
      out += measured_table(r, measured.at("compressor"), Json());
    out += analytic_notes(measure);
  }
  out += element("h3", "Every constant the theorem used");
  return out + used_constants_table(field(r, "constants"));
}

// ---- (4) the theorem --------------------------------------------------------------------

std::string verdict_word(const std::string& verdict) {
  const bool good = verdict == "holds";
  return fmt::format("<span class=\"{}\">{}</span>", good ? "ok" : "bad", html_escape(verdict));
}

std::string conditions_table(const Json& conditions) {
  std::vector<HtmlRow> rows;
  for (const auto& c : conditions)
    rows.push_back(
        {show(field(c, "name")), "<span class=\"math\">" + show(field(c, "formula")) + "</span>",
         number_cell(field(c, "lhs")), number_cell(field(c, "rhs")), number_cell(field(c, "slack")),
         verdict_word(text(c, "verdict")) +
             (field(c, "exact") == true ? " (exact)" : " (50 digits)")});
  return table(
      "", {"Condition", "Formula", "Left side", "Right side", "Slack (right − left)", "Verdict"},
      rows);
}

// The scenario's check_gamma (e.g. a paper's steps) against the same conditions.
std::string other_steps(const Json& r) {
  const auto& steps = field(r, "step_checks");
  if (!steps.is_array() || steps.empty()) return {};
  std::vector<HtmlRow> rows;
  for (const auto& step : steps) {
    std::string failing;
    for (const auto& name : field(step, "failing"))
      failing += (failing.empty() ? "" : ", ") + show(name);
    rows.push_back({number_cell(field(step, "gamma")),
                    field(step, "admissible") == true ? "<span class=\"ok\">covered</span>"
                                                      : "<span class=\"bad\">not covered</span>",
                    number_cell(field(step, "ratio_to_gamma_max")),
                    failing.empty() ? "—" : failing});
  }
  return element("h3", "Other steps, checked against the same conditions (nothing is run there)") +
         table("", {"γ", "The theorem", "γ / γ_max", "Failing conditions"}, rows);
}

// One sentence per checked step, then what the run at the chosen step found.
std::string steps_headline(const Json& r) {
  const auto& steps = field(r, "step_checks");
  if (!steps.is_array() || steps.empty()) return {};
  std::string out;
  for (const auto& step : steps) out += html_escape(text(step, "sentence")) + ". ";
  const auto& t = field(r, "tightness_min");
  out += fmt::format("At the step the run used, {} ({}), the bound {}{}.",
                     step_text(field(r, "method")), show(field(field(r, "method"), "gamma_source")),
                     text(r, "verdict") == "holds" ? "holds" : "is " + show(field(r, "verdict")),
                     t.is_null() ? "" : " with tightness " + show(t));
  return "<p class=\"lead\">" + out + "</p>\n";
}

std::string theorem_section(const Json& r) {
  const auto& st = field(r, "statement");
  std::string out = element("h2", "4. The theorem");
  out += element("h3", show(field(st, "title")));
  out +=
      definitions({{"Id", "<code>" + show(field(st, "id")) + "</code>"},
                   {"Regime", show(field(r, "regime")) + " — " + show(field(r, "regime_reason"))},
                   {"Provenance", show(field(st, "provenance"))},
                   {"Method", show(field(st, "method"))},
                   {"Bounded quantity", "<code>" + show(field(st, "quantity")) + "</code>"}});
  out += "<div class=\"statement math\">" + show(field(st, "statement")) + "</div>\n";
  out += definitions(
      {{"Rate", "<span class=\"math\">" + show(field(st, "rate")) + "</span>"},
       {"Residual", "<span class=\"math\">" + show(field(st, "residual")) + "</span>"}});
  out += element("p", fmt::format("Its conditions at the chosen step are {}:",
                                  field(r, "conditions_admissible") == true
                                      ? "<span class=\"ok\">admissible</span>"
                                      : "<span class=\"bad\">not admissible</span>"));
  return out + conditions_table(field(r, "conditions")) + other_steps(r);
}

// ---- (5) the verdict --------------------------------------------------------------------

std::string how_compared(const Json& r) {
  const auto& st = field(r, "statistics");
  if (text(st, "mode") == "deterministic")
    return fmt::format(
        "Every draw of the estimator was identical, so one run is the expectation: it was "
        "compared with the bound directly, allowing a relative tolerance of {} for round-off "
        "(plus an absolute floor of {}).",
        show(field(st, "relative_tolerance")), show(field(st, "absolute_floor")));
  return fmt::format(
      "The theorem bounds the <em>expectation</em> of the quantity — its average over infinitely "
      "many runs — not every single run. So {} independent seeds were run and, at each of {} "
      "checkpoints, a Student-t confidence interval for the mean (t = {}) was compared with the "
      "bound. A Bonferroni correction gives each checkpoint level {}, so that all checkpoints "
      "together hold at {:g}% confidence.",
      show(field(st, "seeds")), field(st, "checkpoints").size(), show(field(st, "t_quantile")),
      show(field(st, "per_checkpoint_level")), 100 * field(st, "confidence").get<double>());
}

std::string verdict_meaning(const Json& r) {
  const auto verdict = text(r, "verdict");
  const bool deterministic = text(field(r, "statistics"), "mode") == "deterministic";
  if (verdict == "holds" && deterministic)
    return "At every checkpoint the run stays below the bound: the method agrees with the "
           "theorem (evidence, not a proof).";
  if (verdict == "holds")
    return "At every checkpoint the bound lies above the observed values, even at the top of "
           "their confidence interval: the runs agree with the theorem (evidence, not a proof).";
  if (verdict == "violated") {
    const auto& v = field(r, "first_violation");
    return fmt::format(
        "The observed values exceed the bound beyond the statistical or round-off margin. "
        "First violation at T = {}: observed mean {}, lower confidence limit {} &gt; bound {}. "
        "With constants that really satisfy the assumptions this cannot happen: the constants "
        "(or the bound) are wrong.",
        show(field(v, "iteration")), show(field(v, "observed_mean")), show(field(v, "lower_limit")),
        show(field(v, "bound")));
  }
  if (!text(r, "reason").empty())
    return "This does not mean the theorem failed: it makes no promise to test here. Why: " +
           show(field(r, "reason")) + ".";
  const auto& needed = field(field(r, "statistics"), "seeds_needed");
  return "The confidence interval straddles the bound at some checkpoint: neither holds nor "
         "violated at this confidence." +
         (needed.is_null() ? std::string()
                           : fmt::format(" About {} seeds would likely decide it.", show(needed)));
}

/// Rates sit just below 1 (0.99998 per iteration): six digits so they do not print as 1.
std::string rate_cell(const Json& rate) {
  return "<td class=\"n\">" +
         (rate.is_number() ? fmt::format("{:.6g}", rate.get<double>()) : show(rate)) + "</td>";
}

/// Without runs (conditions fail) only the theory's column is left, for reference.
std::string fit_table(const Json& r) {
  const auto& th = field(r, "theory");
  const auto& fit = field(r, "rate_fit");
  const auto& rate = field(th, "rate").is_null() ? field(th, "rate_text") : field(th, "rate");
  if (!r.contains("statistics"))
    return table("What the theory would give (for reference only: nothing was run)", {"", "Theory"},
                 {{"Rate ρ (per iteration)", rate_cell(rate)},
                  {"Residual r (units of the quantity)", number_cell(field(th, "residual"))}});
  return table("Theory versus a fit A ρ^T + r to the observed mean",
               {"", "Theory", "Fitted to the runs"},
               {{"Rate ρ (per iteration)", rate_cell(rate), rate_cell(field(fit, "rho"))},
                {"Residual r (units of the quantity)", number_cell(field(th, "residual")),
                 number_cell(field(fit, "residual"))},
                {"Bound at the last iteration, T = " + show(field(r.at("scenario"), "iterations")),
                 number_cell(field(th, "bound_T")), "—"}});
}

std::string tightness(const Json& r) {
  const auto& t = field(r, "tightness_min");
  if (t.is_null()) return {};
  return element(
      "p", fmt::format("Tightness: at its tightest checkpoint the bound is {} times the observed "
                       "mean (1 would be exact; large means the bound is loose).",
                       show(t)));
}

std::string verdict_section(const Json& r) {
  const auto verdict = text(r, "verdict");
  std::string out = element("h2", "5. The verdict");
  const char* word = verdict == "holds"      ? "HOLDS"
                     : verdict == "violated" ? "VIOLATED"
                                             : "INCONCLUSIVE";
  out += fmt::format("<p><span class=\"badge {}\">{}</span></p>\n", html_escape(verdict), word);
  out += "<p class=\"lead\">" + verdict_meaning(r) + "</p>\n";
  out += steps_headline(r);
  // A bound that never falls below the quantity's starting value holds trivially.
  const auto vacuous = text(field(r, "theory"), "vacuous");
  if (!vacuous.empty())
    out += "<p class=\"lead\"><strong>The bound is vacuous.</strong> " + html_escape(vacuous) +
           ". A HOLDS verdict then says nothing about the method.</p>\n";
  if (r.contains("statistics")) out += element("p", how_compared(r));
  out += tightness(r);
  out += fit_table(r);
  const auto note = text(field(r, "rate_fit"), "note");
  return out + (note.empty() ? "" : element("p", "Fit: " + html_escape(note)));
}

// ---- (6) figures, (7) reproduce, notes and footer ---------------------------------------

std::string figures_section(const std::vector<Figure>& figures) {
  std::string out = element("h2", "6. Figures");
  if (figures.empty()) return out + element("p", "This directory's results support no figure.");
  for (const auto& f : figures) out += page::figure(f);
  return out;
}

std::string reproduce_section(const Json& r, const fs::path& dir) {
  std::string out = element("h2", "7. Reproduce this report");
  out += element("p", "These commands recompute every number and figure above:");
  return out + "<pre class=\"command\">" + show(field(r, "reproduce")) + "\nbiasbound report " +
         html_escape(dir.string()) + "</pre>\n";
}

std::string notes_section(const Json& r) {
  std::string items;
  for (const auto& note : field(r, "notes")) items += element("li", show(note));
  return items.empty() ? "" : element("h2", "Notes") + "<ul>\n" + items + "</ul>\n";
}

std::string footer(const Json& r) {
  const auto& build = field(r, "build");
  std::string libraries;
  for (const auto& [name, version] : field(build, "libraries").items())
    libraries += (libraries.empty() ? "" : ", ") + html_escape(name) + " " + show(version);
  return "<footer>" +
         fmt::format("biasbound {} built with {}{}; validation took {} s.",
                     show(field(build, "biasbound")), show(field(build, "compiler")),
                     libraries.empty() ? "" : " (" + libraries + ")",
                     show(field(r, "wall_time_s"))) +
         "</footer>\n";
}

std::string document(const Json& r, const Json& measure, const std::vector<Figure>& figures,
                     const fs::path& dir) {
  const auto title = text(r.at("scenario"), "title").empty() ? text(field(r, "statement"), "title")
                                                             : text(r.at("scenario"), "title");
  return page::document(html_escape(title),
                        element("h1", html_escape(title)) + scenario_section(r) +
                            problem_section(r) + constants_section(r, measure) +
                            theorem_section(r) + verdict_section(r) + figures_section(figures) +
                            reproduce_section(r, dir) + notes_section(r) + footer(r));
}

}  // namespace

fs::path write_report(const fs::path& dir) {
  if (is_sweep_dir(dir)) return write_sweep_report(dir);
  const auto validate_json = dir / "validate.json";
  if (!fs::exists(validate_json))
    throw core::input_error("{}: no validate.json (run biasbound validate first)", dir.string());
  const Json record = core::read_artifact(validate_json, core::Artifact::kValidate);
  if (!record.is_object() || !record.contains("scenario"))
    throw core::input_error("{}: not a validate.json (no scenario)", validate_json.string());
  const auto figures = plot_directory(dir);
  const auto path = dir / "report.html";
  page::write_atomically(path, document(record, read_measure(dir), figures, dir));
  return path;
}

}  // namespace biasbound::plots
