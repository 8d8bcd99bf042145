#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/json_io.hpp"
#include "fixtures.hpp"
#include "plots/html.hpp"
#include "plots/plot_directory.hpp"
#include "plots/report.hpp"
#include "png_probe.hpp"

namespace biasbound::plots_test {
namespace {

using cli_test::read_text;
using cli_test::shell_quote;
using cli_test::write_text;
using testing::TempDir;

// Validations take seconds each: made once per test run, shared by the test cases.
const fs::path& fixture(const std::string& name) {
  static TempDir root;
  static std::map<std::string, fs::path> made;
  if (!made.count(name)) {
    const auto out = root / name;
    if (name == "momentum") validation(out, "momentum-nonconvex");
    if (name == "det") validation(out, "biased-sgd-pl");
    if (name == "inadmissible") validation(out, "biased-sgd-pl", {"gamma=5"}, 4);
    if (name == "network") validation(out, "paper/theory-check-quick");
    if (name == "schedule") validation(out, "schedules/biased-sgd-pl-stagewise");
    if (name == "block") validation(out, "block-coordinate-pl");
    made[name] = out;
  }
  return made.at(name);
}

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

/// A copy of a validation directory, so a test can edit it without touching the shared one.
fs::path copy_of(const fs::path& dir, const fs::path& to) {
  fs::copy(dir, to, fs::copy_options::recursive);
  return to;
}

void check_common(const std::string& html, const core::Json& record) {
  for (const auto* heading :
       {"1. The scenario", "2. Problem and estimator", "3. The constants", "4. The theorem",
        "5. The verdict", "6. Figures", "7. Reproduce this report", "Notes"})
    CHECK(html.find(std::string("<h2>") + heading + "</h2>") != std::string::npos);
  CHECK(html.find(record.at("theorem").get<std::string>()) != std::string::npos);
  auto verdict = record.at("verdict").get<std::string>();
  std::transform(verdict.begin(), verdict.end(), verdict.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  CHECK(html.find("\">" + verdict + "</span>") != std::string::npos);
  CHECK(html.find(plots::html_escape(record.at("reproduce").get<std::string>())) !=
        std::string::npos);
  CHECK(html.find("biasbound report ") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);  // no external image, font or frame
}

// ---- headless Chromium ------------------------------------------------------------------

struct Rendering {
  std::string log;  // Chromium's stderr (--enable-logging=stderr)
  fs::path screenshot;
};

/// Loads `html` in headless Chromium and screenshots it; FAILs when Chromium is not installed.
Rendering render(const fs::path& html, const fs::path& work) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0)
    FAIL(
        "chromium is not installed: the report's rendering test needs it (Debian package "
        "`chromium`, listed in scripts/install-deps.sh)");
  Rendering r{"", work / "screenshot.png"};
  const auto log = work / "chromium.log";
  const auto command =
      "timeout 120 chromium --headless=new --no-sandbox --disable-gpu --no-first-run "
      "--enable-logging=stderr --v=0 --user-data-dir=" +
      shell_quote((work / "profile").string()) +
      " --window-size=1280,2400 --screenshot=" + shell_quote(r.screenshot.string()) + " " +
      shell_quote("file://" + html.string()) + " >/dev/null 2>" + shell_quote(log.string());
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
  r.log = read_text(log);
  return r;
}

/// The lines of a Chromium log that come from the page: console messages (an uncaught error
/// is one) — not the browser's own start-up noise (D-Bus, GPU, sandbox warnings).
std::vector<std::string> page_messages(const std::string& log) {
  std::vector<std::string> found;
  for (const auto& line : cli_test::split(log, '\n'))
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos)
      found.push_back(line);
  return found;
}

void check_renders(const fs::path& report) {
  TempDir work;
  const auto r = render(report, work.path());
  INFO(r.log);
  CHECK(page_messages(r.log).empty());
  const auto pixels = read_png(r.screenshot.string());
  CHECK(pixels.width == 1280);
  const auto c = coverage(pixels);
  CHECK(c.ink > 0.03);    // text, tables and figures, not an empty page
  CHECK(c.colours > 50);  // anti-aliased text and coloured figures
}

}  // namespace

TEST_CASE("html_escape replaces the five special characters", "[plots][report]") {
  CHECK(plots::html_escape("<b>&\"x'") == "&lt;b&gt;&amp;&quot;x&#39;");
  CHECK(plots::html_escape("ζ² ≤ β/(4L)") == "ζ² ≤ β/(4L)");
}

TEST_CASE("inline_svg drops the prolog, scripts, fixed size and namespace URLs",
          "[plots][report]") {
  const std::string file =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG "
      "1.1//EN\" "
      "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg\n width=\"600\" height=\"400\" "
      "viewBox=\"0 0 600 400\"\n xmlns=\"http://www.w3.org/2000/svg\" "
      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" onload='init(evt)'>\n<script "
      "href=\"x.js\"></script><g><text>a &lt; b</text></g></svg>\n";
  const auto svg = plots::inline_svg(file);
  CHECK(svg.starts_with("<svg"));
  CHECK(svg.find("viewBox=\"0 0 600 400\"") != std::string::npos);
  CHECK(svg.find("width:100%;height:auto") != std::string::npos);
  CHECK(svg.find("width=") == std::string::npos);
  CHECK(svg.find("http") == std::string::npos);
  CHECK(svg.find("script") == std::string::npos);
  CHECK(svg.find("onload") == std::string::npos);
  CHECK(svg.find("<text>a &lt; b</text>") != std::string::npos);
  CHECK(plots::inline_svg("no picture").empty());
}

TEST_CASE("report of a stochastic validation: every section, verdict, figures inline",
          "[plots][report]") {
  const auto& dir = fixture("momentum");
  const auto path = plots::write_report(dir);
  REQUIRE(path == dir / "report.html");
  REQUIRE(fs::exists(path));
  CHECK_FALSE(fs::exists(dir / "report.html.tmp"));
  const auto html = read_text(path);
  const auto record = core::read_json_file(dir / "validate.json");
  check_common(html, record);
  CHECK(html.find("Bonferroni") != std::string::npos);
  CHECK(html.find("6 points × 30 samples") != std::string::npos);
  CHECK(count(html, "<svg") == plots::plot_directory(dir).size());
}

TEST_CASE("report of a deterministic validation states the tolerance", "[plots][report]") {
  const auto html = read_text(plots::write_report(fixture("det")));
  check_common(html, core::read_json_file(fixture("det") / "validate.json"));
  CHECK(html.find("HOLDS") != std::string::npos);
  CHECK(html.find("relative tolerance") != std::string::npos);
}

TEST_CASE("report of failed conditions is inconclusive and gives the reason", "[plots][report]") {
  const auto& dir = fixture("inadmissible");
  const auto html = read_text(plots::write_report(dir));
  const auto record = core::read_json_file(dir / "validate.json");
  check_common(html, record);
  CHECK(html.find("INCONCLUSIVE") != std::string::npos);
  CHECK(html.find("not admissible") != std::string::npos);
  CHECK(html.find(plots::html_escape(record.at("reason").get<std::string>())) != std::string::npos);
}

TEST_CASE("report of the theory on a network: the paper's steps against the largest covered one",
          "[plots][report]") {
  const auto& dir = fixture("network");
  const auto html = read_text(plots::write_report(dir));
  const auto record = core::read_json_file(dir / "validate.json");
  check_common(html, record);
  REQUIRE(record.at("step_checks").size() == 2);
  for (const auto& step : record.at("step_checks"))
    CHECK(html.find(plots::html_escape(step.at("sentence").get<std::string>())) !=
          std::string::npos);
  CHECK(count(html, "not covered") == 2);
  CHECK(html.find("At the step the run used") != std::string::npos);
  CHECK(html.find("the bound holds with tightness") != std::string::npos);
  CHECK(html.find("upper bound on f(x0) − f*") != std::string::npos);  // F0's derivation
  CHECK(html.find("local: max of") != std::string::npos);              // L's derivation
}

TEST_CASE("report escapes the text it takes from validate.json", "[plots][report]") {
  TempDir tmp;
  const auto dir = copy_of(fixture("det"), tmp / "copy");
  auto record = core::read_json_file(dir / "validate.json");
  record["scenario"]["title"] = "Title <i>'quoted'</i>";
  record["scenario"]["description"] = "A description with <b>& in it";
  core::write_json_file(dir / "validate.json", record);
  const auto html = read_text(plots::write_report(dir));
  CHECK(html.find("A description with &lt;b&gt;&amp; in it") != std::string::npos);
  CHECK(html.find("Title &lt;i&gt;&#39;quoted&#39;&lt;/i&gt;") != std::string::npos);
  CHECK(html.find("<b>&") == std::string::npos);
  CHECK(html.find("<i>") == std::string::npos);
}

TEST_CASE("report of a directory without validate.json names the directory", "[plots][report]") {
  TempDir empty;
  try {
    plots::write_report(empty.path());
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(std::string(e.what()) ==
          empty.path().string() + ": no validate.json (run biasbound validate first)");
  }
}

TEST_CASE("biasbound report prints the path, exits 2 on a directory without results",
          "[plots][report]") {
  const auto& dir = fixture("momentum");
  const auto ok = run_biasbound({"report", dir.string()});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == (dir / "report.html").string() + "\n");

  TempDir empty;
  const auto bad = run_biasbound({"report", empty.path().string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(empty.path().string()) != std::string::npos);
  CHECK(bad.err.find("no validate.json") != std::string::npos);
}

TEST_CASE("the console detector catches an error thrown by a page", "[plots][report]") {
  TempDir tmp;
  const auto dir = copy_of(fixture("inadmissible"), tmp / "copy");
  auto html = read_text(plots::write_report(dir));
  html.insert(html.find("</body>"), "<script>throw new Error('injected')</script>");
  write_text(dir / "broken.html", html);
  TempDir work;
  const auto messages = page_messages(render(dir / "broken.html", work.path()).log);
  REQUIRE(messages.size() == 1);
  CHECK(messages.front().find("Uncaught Error: injected") != std::string::npos);
}

TEST_CASE("Chromium renders the reports without console errors and not blank", "[plots][report]") {
  check_renders(plots::write_report(fixture("momentum")));
  check_renders(plots::write_report(fixture("inadmissible")));
  check_renders(plots::write_report(fixture("network")));
}

TEST_CASE("report of a schedule names every stage; block-coordinate's its update and blocks",
          "[plots][report][schedule]") {
  const auto html = read_text(plots::write_report(fixture("schedule")));
  check_common(html, core::read_json_file(fixture("schedule") / "validate.json"));
  CHECK(html.find("γ = 0.5 for 100 iterations, then 0.125 for 300 iterations, then 0.0625 for "
                  "600 iterations, then 0.03125 for 1000 iterations") != std::string::npos);
  const auto block = read_text(plots::write_report(fixture("block")));
  CHECK(block.find("x_{k+1} = x_k − γ U_{b_k} Q(∇_{b_k} f(x_{k−τ_k}))") != std::string::npos);
  CHECK(block.find("Blocks B") != std::string::npos);
}

}  // namespace biasbound::plots_test
