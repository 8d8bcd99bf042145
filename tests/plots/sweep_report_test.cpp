// `biasbound report` on a sweep folder: DIR/report.html says what was run, holds table.md's
// rows, every figure inline and the commands that reproduce it, and marks diverged seeds.

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "plots/html.hpp"
#include "plots/plot_directory.hpp"
#include "plots/report.hpp"
#include "sweep_fixture.hpp"

namespace biasbound::plots_test {
namespace {

using cli_test::read_text;
using cli_test::TempDir;

std::size_t occurrences(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

/// The body rows of table.md, each as its trimmed cells (Markdown's \| unescaped).
std::vector<std::vector<std::string>> markdown_rows(const fs::path& table_md) {
  std::vector<std::vector<std::string>> rows;
  const auto lines = cli_test::lines_of(read_text(table_md));
  for (std::size_t i = 2; i < lines.size(); ++i) {  // after the header and the rule
    std::vector<std::string> cells;
    for (auto cell : cli_test::split(lines[i].substr(2, lines[i].size() - 4), '|')) {
      const auto begin = cell.find_first_not_of(' '), end = cell.find_last_not_of(' ');
      cells.push_back(cell.substr(begin, end - begin + 1));
    }
    rows.push_back(cells);
  }
  return rows;
}

/// The HTML between the table row's first cell and the end of its row.
std::string html_row(const std::string& html, const std::vector<std::string>& cells) {
  std::string start = "<tr>";
  for (std::size_t i = 0; i < 3; ++i)
    start += fmt::format("<td><code>{}</code></td>", plots::html_escape(cells[i]));
  const auto at = html.find(start);
  if (at == std::string::npos) return {};
  return html.substr(at, html.find("</tr>", at) - at);
}

void check_self_contained(const std::string& html) {
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
}

}  // namespace

TEST_CASE("report of a sweep: what was run, the table's rows, every figure, the command",
          "[plots][report][sweep]") {
  TempDir tmp;
  fs::copy(shared_sweep(kEstimatorGammaBeta), tmp / "sweep", fs::copy_options::recursive);
  const auto dir = tmp / "sweep";
  const auto path = plots::write_report(dir);
  REQUIRE(path == dir / "report.html");
  const auto html = read_text(path);
  CHECK(html.find("<h1>A tiny sweep for the tests</h1>") != std::string::npos);
  CHECK(html.find("Two workers train a small network on synthetic data, two seeds") !=
        std::string::npos);
  for (const auto* heading : {"1. What was run", "2. Results", "3. Figures", "4. Reproduce"})
    CHECK(html.find(std::string("<h2>") + heading) != std::string::npos);
  CHECK(html.find("8 cells: 8 computed") != std::string::npos);
  // table.md's rows, cell for cell, in the page's table.
  const auto rows = markdown_rows(dir / "table.md");
  REQUIRE(rows.size() == 8);
  for (const auto& cells : rows) {
    const auto row = html_row(html, cells);
    INFO(fmt::format("{} {} {}", cells[0], cells[1], cells[2]));
    REQUIRE_FALSE(row.empty());
    for (std::size_t i = 3; i < cells.size(); ++i)
      CHECK(row.find(fmt::format(">{}<", plots::html_escape(cells[i]))) != std::string::npos);
  }
  // Every figure inline, with its title and files.
  const auto figures = plots::plot_directory(dir);
  CHECK(occurrences(html, "<svg") == figures.size());
  for (const auto& f : figures) {
    CHECK(html.find(plots::html_escape(f.title)) != std::string::npos);
    CHECK(html.find(fmt::format("figures/{}.svg", f.name)) != std::string::npos);
  }
  const auto origin = cli_test::read_json(dir / "sweep.json").at("origin").get<std::string>();
  CHECK(html.find(plots::html_escape(fmt::format("biasbound sweep {} --out {}", origin,
                                                 dir.string()))) != std::string::npos);
  CHECK(html.find(fmt::format("biasbound report {}", plots::html_escape(dir.string()))) !=
        std::string::npos);
  check_self_contained(html);
}

TEST_CASE("report of a sweep marks the cells whose seeds diverged", "[plots][report][sweep]") {
  TempDir tmp;
  fs::copy(shared_sweep(kDivergingStep), tmp / "sweep", fs::copy_options::recursive);
  const auto html = read_text(plots::write_report(tmp / "sweep"));
  CHECK(occurrences(html, "<span class=\"bad\">2/2</span>") == 2);
  CHECK(html.find("2 with at least one diverged seed") != std::string::npos);
  CHECK(html.find("(2/2 seeds diverged)") != std::string::npos);  // in the figure's legend
}

TEST_CASE("biasbound report on a sweep folder prints the report's path", "[plots][report][sweep]") {
  TempDir tmp;
  fs::copy(shared_sweep(kNoBeta), tmp / "sweep", fs::copy_options::recursive);
  const auto r = run_biasbound({"report", (tmp / "sweep").string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == (tmp / "sweep" / "report.html").string() + "\n");
  CHECK(fs::is_regular_file(tmp / "sweep" / "figures" / "gamma_sweep-init=zero.svg"));
}

}  // namespace biasbound::plots_test
