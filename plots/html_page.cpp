#include "plots/html_page.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "plots/html.hpp"

namespace biasbound::plots::page {

namespace fs = std::filesystem;
using core::Json;

// Inline and small: the report must open from a USB stick on a projector without a network,
// so only the reader's system fonts; 18 px base and dark-on-white for contrast.
const char* const kStyle = R"(
:root{color-scheme:light}
body{margin:0;background:#fff;color:#111;font:18px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:2.1rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.55rem;line-height:1.25;margin:2.5rem 0 .75rem;padding-bottom:.2rem;border-bottom:3px solid #111}
h3{font-size:1.25rem;margin:1.5rem 0 .5rem}
p,li,dd{max-width:52rem}
code,pre,.math{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
code{font-size:.92em;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.75rem 0 1.25rem;font-size:.95rem}
th,td{border:1px solid #888;padding:.4rem .55rem;text-align:left;vertical-align:top}
td.src{overflow-wrap:anywhere}
.sub{font-size:.9em;color:#333}
th{background:#e8e8e8}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:600;padding:.25rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.25rem;margin:.75rem 0}
dt{font-weight:700}dd{margin:0;overflow-wrap:anywhere}
.statement{background:#eef4fa;border-left:.4rem solid #0072B2;padding:1rem 1.25rem;margin:1rem 0;white-space:pre-wrap;font-size:1.05rem;line-height:1.6;overflow-x:auto}
.badge{display:inline-block;padding:.35rem 1.1rem;border-radius:.35rem;color:#fff;font-size:2.4rem;font-weight:800;letter-spacing:.06em}
.holds{background:#0072B2}.violated{background:#D55E00}.inconclusive{background:#3d3d3d}
.ok{color:#0072B2;font-weight:700}.bad{color:#D55E00;font-weight:700}
.lead{font-size:1.15rem}
figure{margin:1.5rem 0 2rem}
figure svg{display:block;max-width:100%;border:1px solid #ccc}
figcaption{margin-top:.5rem}
pre.command{background:#111;color:#fff;padding:1rem 1.25rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:1rem;border-radius:.3rem}
footer{margin-top:3rem;padding-top:.75rem;border-top:1px solid #888;font-size:.9rem;color:#333}
@media print{
body{font-size:11pt}main{max-width:none;padding:0}
h2{break-after:avoid}figure,table,.statement,pre{break-inside:avoid}
pre.command{background:#fff;color:#000;border:1px solid #000}
.badge,th,.statement{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
)";

const Json& field(const Json& object, const std::string& key) {
  static const Json kNull;
  return object.is_object() && object.contains(key) ? object.at(key) : kNull;
}

std::string text(const Json& object, const std::string& key) {
  const auto& j = field(object, key);
  return j.is_string() ? j.get<std::string>() : std::string();
}

/// A JSON value as escaped HTML text: numbers to 4 significant digits, null as a dash.
std::string show(const Json& j) {
  if (j.is_null()) return "—";
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  if (j.is_number()) return fmt::format("{:.4g}", j.get<double>());
  if (j.is_string()) return html_escape(j.get<std::string>());
  if (j.is_boolean()) return j.get<bool>() ? "yes" : "no";
  return html_escape(j.dump());
}

std::string element(const std::string& tag, const std::string& html) {
  return fmt::format("<{0}>{1}</{0}>\n", tag, html);
}

std::string number_cell(const Json& j) {
  return "<td class=\"n\">" + show(j) + "</td>";
}

std::string table(const std::string& caption, const HtmlRow& head,
                  const std::vector<HtmlRow>& rows) {
  std::string out = "<table>\n";
  if (!caption.empty()) out += element("caption", caption);
  out += "<thead><tr>";
  for (const auto& h : head) out += "<th scope=\"col\">" + h + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    // A cell that needs a class (numbers, sources) arrives as a whole <td> element.
    for (const auto& cell : row) out += cell.starts_with("<td") ? cell : "<td>" + cell + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string definitions(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "<dl>\n";
  for (const auto& [term, html] : items)
    if (!html.empty()) out += "<dt>" + term + "</dt><dd>" + html + "</dd>\n";
  return out + "</dl>\n";
}

/// Scenario descriptions are wrapped TOML text: one paragraph, so line breaks become spaces.
std::string unwrap(std::string s) {
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::input_error("{}: cannot be read", path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

/// A figure file as the reader finds it inside DIR, e.g. figures/bound_vs_actual.svg.
std::string in_dir(const fs::path& file) {
  return html_escape((file.parent_path().filename() / file.filename()).string());
}

std::string figure(const Figure& f) {
  return "<figure>\n" + element("h3", html_escape(f.title)) + inline_svg(read_text(f.svg)) +
         "\n<figcaption>" + html_escape(f.caption) + " <small>Files: <code>" + in_dir(f.svg) +
         "</code>, <code>" + in_dir(f.gp) + "</code> (re-run with gnuplot), <code>" +
         in_dir(f.csv) + "</code> (data).</small></figcaption>\n</figure>\n";
}

std::string document(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
         element("title", title + " — biasbound report") + "<style>" + kStyle +
         "</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
}

/// Temporary file then rename, so a browser or a course page never sees half a report.
void write_atomically(const fs::path& path, const std::string& content) {
  const auto temporary = fs::path(path.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary);
    out << content;
    if (!out) throw core::input_error("{}: cannot write the report", temporary.string());
  }
  fs::rename(temporary, path);
}

}  // namespace biasbound::plots::page
